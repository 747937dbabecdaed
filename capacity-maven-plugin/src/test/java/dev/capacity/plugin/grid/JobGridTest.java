package dev.capacity.plugin.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.study.Study;
import dev.capacity.plugin.study.StudyReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JobGridTest {
  private static List<Job> jobs;

  @BeforeAll
  static void expandSeedStudy() throws Exception {
    Study study = StudyReader.read(seedStudy());
    jobs = JobGrid.expand(study);
  }

  static Path seedStudy() throws URISyntaxException {
    return Path.of(JobGridTest.class.getResource("/seed-study/seed-study.yml").toURI());
  }

  /**
   * 4 search configs, each pairing with exactly 1 model and 1 trace; x 2 clusters x 7 global
   * schedulers (round_robin, sticky_lop, lop_uncached, tolerant 2.0 and 3.0, ranked top_k 2 and 4;
   * sticky_lop is missing on canary but we support it) x 1 queue x 2 replica schedulers x 3 SLO
   * configs x 1 allowed tp (8B: tp1 since tp4 is excluded; 70B: tp4 since tp1 is excluded) x 1 pp x 1
   * batch size = 4 x 2 x 7 x 2 x 3 = 336. No search has num_replicas 1, so the round_robin-only rule
   * drops nothing.
   */
  @Test
  void seedStudyHas336Jobs() {
    assertThat(jobs).hasSize(336);
    assertThat(jobs).extracting(Job::hash).doesNotHaveDuplicates();
  }

  @Test
  void firstJobKeyAndHash() throws Exception {
    String key = "Meta-Llama-3-8B_mooncake_conversation_tk131072_h100_dgx_round_robin_fcfs"
        + "_vllm_v1_cs512_tp1_pp1_bsz512_slottft_p99_10s_searchqps_r8_q4_reqs12301";
    assertThat(jobs.get(0).key()).isEqualTo(key);
    assertThat(jobs.get(0).hash()).isEqualTo(sha1Prefix(key)).isEqualTo("e876b9ea");
  }

  /**
   * Index 317 = search config 3 (x 84 jobs) + cluster a100 (x 42) + router 3, tolerant 2.0 (x 6) +
   * replica scheduler 1, cs1024 (x 3) + SLO config 2.
   */
  @Test
  void tolerantRouterKeyPrintsFactorAsPythonFloat() throws Exception {
    String key = "Meta-Llama-3-70B_mooncake_toolagent_tk131072_a100_dgx"
        + "_tolerant_sticky_lop_uncached_2.0x_fcfs_vllm_v1_cs1024_tp4_pp1_bsz512"
        + "_slottft_p99_10s_and_tpot_p99_100ms_searchqps_r16_q8_reqs23608";
    assertThat(jobs.get(317).key()).isEqualTo(key);
    assertThat(jobs.get(317).hash()).isEqualTo(sha1Prefix(key)).isEqualTo("3f7d4680");
  }

  @Test
  void lastJobUsesRankedTopK() throws Exception {
    String key = "Meta-Llama-3-70B_mooncake_toolagent_tk131072_a100_dgx"
        + "_ranked_sticky_lop_uncached_topk4_fcfs_vllm_v1_cs1024_tp4_pp1_bsz512"
        + "_slottft_p99_10s_and_tpot_p99_100ms_searchqps_r16_q8_reqs23608";
    assertThat(jobs.get(335).key()).isEqualTo(key);
    assertThat(jobs.get(335).hash()).isEqualTo(sha1Prefix(key));
  }

  @Test
  void jobsDifferingOnlyInSloShareSimulations() {
    Map<String, List<Job>> groups = JobGrid.bySimulation(jobs);
    assertThat(groups).hasSize(112);
    assertThat(groups.values()).allSatisfy(g -> assertThat(g).extracting(j -> j.slo().name())
        .containsExactly("ttft_p99_10s", "ttlt_p99_60s", "ttft_p99_10s_and_tpot_p99_100ms"));
    assertThat(jobs.get(0).simulationKey()).isEqualTo("Meta-Llama-3-8B_mooncake_conversation"
        + "_tk131072_h100_dgx_round_robin_fcfs_vllm_v1_cs512_tp1_pp1_bsz512_searchqps_r8_q4_reqs12301");
  }

  /** Keys name the replica count; the key without it is what baselines recorded before (issue 17). */
  @Test
  void keysNameTheReplicaCountAndKeepTheirLegacyForm() {
    Job first = jobs.get(0);
    assertThat(first.key()).contains("_searchqps_r8_q4_reqs12301");
    assertThat(first.legacyKey()).endsWith("_slottft_p99_10s_searchqps_q4_reqs12301")
        .isEqualTo(dev.capacity.plugin.results.LegacyKeys.of(first.key()));
    assertThat(first.gpusPerReplica()).isEqualTo(1);
  }

  private static String sha1Prefix(String key) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-1").digest(key.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest).substring(0, 8);
  }
}
