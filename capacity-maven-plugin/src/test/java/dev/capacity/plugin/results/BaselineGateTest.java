package dev.capacity.plugin.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.results.BaselineGate.Comparison;
import dev.capacity.plugin.results.BaselineGate.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineGateTest {
  private static JobResult job(String key, Double capacity, String unit) {
    return new JobResult(0, key, key.substring(0, 1) + "0000000", "m", "t", "c", "round_robin", "fcfs",
        "vllm_v1_cs512", "slo", 1, 1, 128, "replicas".equals(unit) ? "num_replicas" : "qps", 100, null, capacity, unit,
        "CONVERGED", List.of(), null);
  }

  private static StudyResults results(JobResult... jobs) {
    return new StudyResults(1, "test", "capacity.yaml", "f", Map.of(), List.of(jobs));
  }

  @Test
  void qpsBelowBaselineBeyondToleranceRegressesWithinToleranceIsOk() {
    // tolerance 2 %: baseline 10 -> anything below 9.8 regresses
    StudyResults r = results(job("a", 9.7, "qps"), job("b", 9.85, "qps"), job("c", 10.5, "qps"), job("d", 3.0, "qps"));
    Baseline base = new Baseline(1, Map.of("a", 10.0, "b", 10.0, "c", 10.0, "gone", 4.0));
    List<Comparison> cmp = BaselineGate.compare(r, base, 0.02);
    assertThat(cmp).extracting(Comparison::key).containsExactly("a", "c", "d", "gone", "b");
    assertThat(cmp).extracting(Comparison::verdict)
        .containsExactly(Verdict.REGRESSED, Verdict.IMPROVED, Verdict.NEW, Verdict.MISSING, Verdict.OK);
    assertThat(cmp.get(0).describe(0.02))
        .contains("Capacity regressed for a", "max QPS 9.7 < baseline 10", "-3.00%", "tolerance 2.00%");
  }

  @Test
  void moreReplicasThanBaselineIsARegressionForReplicaSearches() {
    StudyResults r = results(job("r", 5.0, "replicas"), job("s", 3.0, "replicas"));
    Baseline base = new Baseline(1, Map.of("r", 4.0, "s", 4.0));
    List<Comparison> cmp = BaselineGate.compare(r, base, 0.02);
    assertThat(cmp).extracting(Comparison::verdict).containsExactly(Verdict.REGRESSED, Verdict.IMPROVED);
    assertThat(cmp.get(0).describe(0.02)).contains("min replicas 5 > baseline 4");
  }

  @Test
  void aJobThatFoundNothingRegressesAgainstAPositiveBaseline() {
    List<Comparison> cmp = BaselineGate.compare(results(job("a", null, "qps")), new Baseline(1, Map.of("a", 2.0)), 0.02);
    assertThat(cmp.get(0).verdict()).isEqualTo(Verdict.REGRESSED);
  }
}
