package dev.capacity.plugin.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.grid.Job;
import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.study.StudyReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobLabelsTest {
  /** The seed study varies model, trace, cluster and SLO: they are in its labels, in a few dozen characters. */
  @Test
  void labelsAreShortAndNameWhatVaries() throws Exception {
    Path seed = Path.of(getClass().getResource("/seed-study/seed-study.yml").toURI());
    List<Job> jobs = JobGrid.expand(StudyReader.read(seed));
    List<String> labels = JobLabels.ofJobs(jobs);
    assertThat(labels.get(0)).isEqualTo(jobs.get(0).hash().substring(0, 6) + " round_robin 8xTP1 vllm_v1_cs512/b512"
        + " Meta-Llama-3-8B mooncake_conversation h100_dgx ttft_p99_10s"); // the search follows from model and trace
    assertThat(labels).doesNotHaveDuplicates();
    for (int i = 0; i < jobs.size(); i++) { // the longest seed-study key has 190 characters, its label 143
      assertThat(labels.get(i).length()).isLessThan(jobs.get(i).key().length() * 4 / 5);
    }
  }

  @Test
  void resultsGetTheLabelsOfTheirJobs() {
    JobResult a = new JobResult(0, "m_t_c_lor_fcfs_v_tp1_pp1_bsz128_slos_searchqps_r2_q1_reqs300", "3f2a9c01", "m", "t",
        "c", "lor", "fcfs", "vllm_v1_cs512", "s", 1, 1, 128, "qps", 300, 2.0, "qps", "CONVERGED", List.of(), null)
        .withDeployment(2, 0.9, null);
    JobResult b = new JobResult(1, "m_t_c_lor_fcfs_v_tp2_pp1_bsz128_slos_searchqps_r1_q1_reqs300", "77aa0102", "m", "t",
        "c", "lor", "fcfs", "vllm_v1_cs512", "s", 2, 1, 128, "qps", 300, 2.0, "qps", "CONVERGED", List.of(), null)
        .withDeployment(1, 0.9, null);
    assertThat(JobLabels.ofResults(List.of(a, b)))
        .containsExactly("3f2a9c lor 2xTP1 vllm_v1_cs512/b128", "77aa01 lor 1xTP2 vllm_v1_cs512/b128");
  }

  @Test
  void aLayoutsPoolsShowTheirNodeTypesAndCountTheirOwnGpus() {
    String prefix = "m_t_c_lor_fcfs_v_tp1_pp2_bsz128_slos_searchqps_r8_q1_reqs300";
    JobResult plain = result(prefix + "_2P6D", 3.0);
    JobResult pools = result(prefix + "_2P6D_dr-round_robin_tp0-2_kv-layerwise_pd-h200_hgx_dd-a100_40gb_dgx", 1.5);
    JobResult decode = result(prefix + "_3P5D_dd-a100_40gb_dgx", null);
    assertThat(plain.deployment()).isEqualTo("2P6D x TP1 PP2");
    assertThat(plain.gpus()).isEqualTo(16);
    assertThat(pools.deployment()).isEqualTo("2P(h200_hgx)6D(a100_40gb_dgx) x TP1 PP2");
    assertThat(pools.gpus()).isEqualTo((2 * 1 + 6 * 2) * 2); // the decode pool at TP 2
    assertThat(pools.costPerHour()).isEqualTo(28 * 1.5); // the GPU-weighted mean price, times the GPUs
    assertThat(decode.deployment()).isEqualTo("3P5D(a100_40gb_dgx) x TP1 PP2");
    assertThat(decode.costPerHour()).isNull();
    assertThat(JobLabels.ofResults(List.of(plain, pools, decode))).extracting(l -> l.split(" ")[2])
        .containsExactly("2P6DxTP1PP2", "2P(h200_hgx)6D(a100_40gb_dgx)xTP1PP2", "3P5D(a100_40gb_dgx)xTP1PP2");
  }

  @Test
  void kvTiersFollowTheDeploymentAndLeaveTheLayoutsPartReadable() {
    String prefix = "m_t_c_lor_fcfs_v_tp1_pp2_bsz128_slos_searchqps_r8_q1_reqs300";
    JobResult colocated = result(prefix + "_cpukv200.0g", 1.0);
    JobResult pools = result(prefix + "_2P6D_dd-a100_40gb_dgx_cpukv200.0g_poolkv1000.5g_poolkvlat0.0001", 1.0);
    assertThat(colocated.deployment()).isEqualTo("8 x TP1 PP2 + cpu 200 GB");
    assertThat(pools.deployment()).isEqualTo("2P6D(a100_40gb_dgx) x TP1 PP2 + cpu 200 GB + pool 1000.5 GB");
    assertThat(pools.gpus()).isEqualTo(16);
    assertThat(JobLabels.ofResults(List.of(colocated, pools))).extracting(l -> l.split(" ")[2])
        .containsExactly("8xTP1PP2+cpu200GB", "2P6D(a100_40gb_dgx)xTP1PP2+cpu200GB+pool1000.5GB");
  }

  private static JobResult result(String key, Double price) {
    return new JobResult(0, key, Integer.toHexString(key.hashCode()) + "00000000", "m", "t", "c", "lor", "fcfs",
        "vllm_v1_cs512", "s", 1, 2, 128, "qps", 300, 2.0, "qps", "CONVERGED", List.of(), null)
        .withDeployment(8, 0.9, price);
  }
}
