package dev.capacity.plugin.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 17: capacity:search ends with a table of capacities and their change against the baseline. */
class CapacityTableTest {
  @Test
  void oneAlignedRowPerJobWithTheChange() {
    JobResult lor = new JobResult(0, "m_t_c_lor_x_searchqps_r2_q1_reqs300", "3f2a9c01", "m", "t", "c", "lor", "fcfs",
        "vllm_v1_cs512", "s", 1, 1, 128, "qps", 300, 2.5, "qps", "CONVERGED", List.of(), null)
        .withDeployment(2, 0.9, null);
    JobResult rr = new JobResult(1, "m_t_c_rr_x_searchqps_r2_q1_reqs300", "77aa0102", "m", "t", "c", "round_robin",
        "fcfs", "vllm_v1_cs512", "s", 1, 1, 128, "qps", 300, null, null, "qps", "BELOW_MIN_QPS", List.of(), null,
        "BELOW_MIN_QPS", "below min_qps").withDeployment(2, 0.9, null);
    StudyResults r = new StudyResults(1, "t", "capacity.yaml", "f", Map.of(), List.of(lor, rr));
    List<BaselineGate.Comparison> cmp = BaselineGate.compare(r,
        new Baseline(1, Map.of(lor.key(), 2.0, rr.key(), 1.0)), 0.02);
    assertThat(CapacityTable.lines(r, cmp)).containsExactly(
        "  job                                               capacity  QPS/GPU  baseline     change",
        "  3f2a9c lor 2xTP1 vllm_v1_cs512/b128                2.5 QPS     1.25         2    +25.00%",
        "  77aa01 round_robin 2xTP1 vllm_v1_cs512/b128  BELOW_MIN_QPS                  1  REGRESSED");
    assertThat(CapacityTable.lines(r, null).get(1)).endsWith("2.5 QPS     1.25");
  }
}
