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
}
