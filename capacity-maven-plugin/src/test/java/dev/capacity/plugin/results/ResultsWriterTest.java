package dev.capacity.plugin.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A search without a capacity is marked with its status and reason in every output, never as 0. */
class ResultsWriterTest {
  static final String REASON =
      "not found: 32 replicas still fail at 2 QPS (after 4 probes, max_iterations reached)";

  static JobResult notFound() {
    List<ProbeSummary> probes = List.of(4, 8, 16, 32).stream()
        .map(r -> new ProbeSummary(r, 2, false, 0.5, List.of(), Map.of(), 300, 0, true,
            "runs/aaaa0000/r" + r + "_q2.0"))
        .toList();
    return new JobResult(0, "k_searchnum_replicas", "aaaa0000", "m", "t", "c", "round_robin", "fcfs",
        "vllm_v1_cs512", "slo", 1, 1, 128, "num_replicas", 300, null, null, "replicas", "MAX_ITERATIONS",
        probes, null, "NOT_FOUND", REASON);
  }

  static JobResult found() {
    return new JobResult(1, "k_searchqps", "bbbb1111", "m", "t", "c", "round_robin", "fcfs",
        "vllm_v1_cs512", "slo", 1, 1, 128, "qps", 300, 2.5, "qps", "CONVERGED",
        List.of(new ProbeSummary(2, 2.5, true, 1, List.of(), Map.of(), 300, 0, false, "runs/bbbb1111/r2_q2.5")),
        null);
  }

  static JobResult withHits(int index, String hash, double capacity, PrefixHits atCapacity, PrefixHits other) {
    return new JobResult(index, "k_" + hash, hash, "m", "t", "c", "round_robin", "fcfs", "vllm_v1_cs512", "slo",
        1, 1, 128, "qps", 300, capacity, "qps", "CONVERGED",
        List.of(probe(hash, capacity * 2, false, other), probe(hash, capacity, true, atCapacity)), null)
        .withDeployment(8, 0.9, null);
  }

  static ProbeSummary probe(String hash, double qps, boolean passed, PrefixHits hits) {
    return new ProbeSummary(8, qps, passed, passed ? 1 : 0.5, List.of(), Map.of(), 300, 0, false,
        "runs/" + hash + "/r8_q" + qps, "fp", hits);
  }

  /**
   * The capacity probe's prefix hit ratios are the last four columns: the total with prefix caching on,
   * by tier with tiers (empty for a tier the job does not have); results.json keeps every probe's.
   */
  @Test
  void csvAndJsonCarryTheCapacityProbesPrefixHits(@TempDir Path dir) throws Exception {
    JobResult tiered = withHits(0, "aaaa0000", 7.375, PrefixHits.of(1000, 132, true, 53L, null),
        PrefixHits.of(1000, 90, true, 20L, null));
    JobResult gpuOnly = withHits(1, "bbbb1111", 7.125, PrefixHits.of(1000, 77, false, null, null),
        PrefixHits.of(1000, 50, false, null, null));
    JobResult both = withHits(2, "cccc2222", 4.5, PrefixHits.of(2000, 300, true, 100L, 50L), null);
    JobResult off = withHits(3, "dddd3333", 4.0, null, null);
    StudyResults r = new StudyResults(1, "t", "capacity.yaml", "f", Map.of(), List.of(tiered, gpuOnly, both, off));
    ResultsWriter.write(dir, r);

    List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
    assertThat(csv.get(0)).endsWith(",qps_per_dollar_hour,prefix_hit_ratio_at_capacity,prefix_hit_ratio_gpu_at_capacity,"
        + "prefix_hit_ratio_cpu_at_capacity,prefix_hit_ratio_pool_at_capacity");
    assertThat(csv.get(1)).endsWith(",0.132,0.079,0.053,"); // the capacity probe's, not the failed one's
    assertThat(csv.get(2)).endsWith(",0.077,,,");
    assertThat(csv.get(3)).endsWith(",0.15,0.075,0.05,0.025");
    assertThat(csv.get(4)).endsWith(",,,,,,"); // prefix caching off: nothing to show

    String json = Files.readString(dir.resolve("results.json"));
    assertThat(json).contains("\"prefixHits\" : {");
    StudyResults back = ResultsWriter.read(dir.resolve("results.json"));
    assertThat(back.jobs()).isEqualTo(r.jobs());
    assertThat(back.jobs().get(1).probes().get(1).prefixHits()).isEqualTo(new PrefixHits(0.077, null, null, null));
    assertThat(back.jobs().get(3).probes()).allSatisfy(p -> assertThat(p.prefixHits()).isNull());
    // without hits, a probe's JSON has no prefixHits key, as results written before them
    String offJson = json.substring(json.indexOf("\"dddd3333\""));
    assertThat(offJson).doesNotContain("prefixHits");
    assertThat(json.substring(json.indexOf("\"bbbb1111\""), json.indexOf("\"cccc2222\"")))
        .doesNotContain("\"gpu\"").doesNotContain("\"cpu\"").doesNotContain("\"pool\"");
  }

  /** replicas, GPUs = replicas x tp x pp, QPS per GPU and, with a GPU price, cost and QPS per dollar-hour. */
  @Test
  void csvHasTheDeploymentColumns(@TempDir Path dir) throws Exception {
    JobResult tp2 = new JobResult(0, "k_searchqps_r1", "cccc2222", "m", "t", "c", "round_robin", "fcfs",
        "vllm_v1_cs512", "slo", 2, 1, 128, "qps", 300, 3.0, "qps", "CONVERGED", List.of(), null)
        .withDeployment(1, 0.9, 2.0);
    JobResult replicaSearch = notFound().withDeployment(4, 0.9, null);
    JobResult twoTp1 = found().withDeployment(2, 0.9, null);
    ResultsWriter.write(dir, new StudyResults(1, "t", "capacity.yaml", "f", Map.of(), List.of(tp2, replicaSearch,
        twoTp1)));
    List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
    // then the prefix hit columns, empty: these probes recorded none
    assertThat(csv.get(1)).endsWith(",1,2,1.5,4,0.75,,,,"); // 1 x TP2: 2 GPUs, 3 QPS, $2 per GPU-hour
    assertThat(csv.get(2)).endsWith(",,,,,,,,,"); // a replica search without a capacity has no deployment
    assertThat(csv.get(3)).endsWith(",2,2,1.25,,,,,,");
    assertThat(ResultsWriter.read(dir.resolve("results.json")).jobs().get(0)).isEqualTo(tp2);
  }

  @Test
  void aSearchWithoutCapacityIsMarkedInJsonCsvAndHtml(@TempDir Path dir) throws Exception {
    StudyResults r = new StudyResults(1, "t", "capacity.yaml", "f", Map.of(), List.of(notFound(), found()));
    ResultsWriter.write(dir, r);

    String json = Files.readString(dir.resolve("results.json"));
    assertThat(json).contains("\"status\" : \"NOT_FOUND\"", "\"statusReason\" : \"" + REASON + "\"");
    // a job that found its capacity carries no status: its results read as before
    assertThat(json.substring(json.indexOf("bbbb1111"))).doesNotContain("status");
    StudyResults back = ResultsWriter.read(dir.resolve("results.json"));
    assertThat(back.jobs().get(0).capacity()).isNull();
    assertThat(back.jobs().get(0).status()).isEqualTo("NOT_FOUND");
    assertThat(back.jobs().get(0).statusReason()).isEqualTo(REASON);
    assertThat(back.jobs().get(1).status()).isNull();

    List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
    assertThat(csv.get(0)).endsWith(",error,key,requests_arrived,status,status_reason,replicas,gpus,qps_per_gpu,"
        + "cost_per_hour,qps_per_dollar_hour,prefix_hit_ratio_at_capacity,prefix_hit_ratio_gpu_at_capacity,"
        + "prefix_hit_ratio_cpu_at_capacity,prefix_hit_ratio_pool_at_capacity");
    assertThat(csv.get(1)).contains(",,replicas,MAX_ITERATIONS,4,")
        .endsWith(",k_searchnum_replicas,,NOT_FOUND,\"" + REASON + "\",,,,,,,,,");
    assertThat(csv.get(2)).contains(",2.5,qps,CONVERGED,1,").endsWith(",k_searchqps,,,,,,,,,,,,");

    String html = new HtmlReport(r, null, 0.02, dir, w -> {}).render();
    assertThat(html).contains("<span class=\"fail\" title=\"" + REASON + "\">NOT_FOUND</span>",
        "aaaa0000 · round_robin · NOT_FOUND</summary>", "No capacity: " + REASON);
  }
}
