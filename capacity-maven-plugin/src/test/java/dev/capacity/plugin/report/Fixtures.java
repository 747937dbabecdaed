package dev.capacity.plugin.report;

import dev.capacity.plugin.results.Baseline;
import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.PrefixHits;
import dev.capacity.plugin.results.ProbeSummary;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.study.MetricAtQuantile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small study's results: two routers side by side for one model/trace/cluster/SLO, and a third job with
 * another SLO; plus, on disk, the probe folders and quantile tables the report reads.
 */
final class Fixtures {
  static final String KEY_RR = "llama_trace_h100_round_robin_fcfs_vllm_v1_slo_a";
  static final String KEY_LOR = "llama_trace_h100_lor_fcfs_vllm_v1_slo_a";
  static final String KEY_RR_B = "llama_trace_h100_round_robin_fcfs_vllm_v1_slo_b";

  private Fixtures() {}

  static StudyResults results() {
    return new StudyResults(1, "0.1.0-TEST", "capacity.yaml", "abc123",
        Map.of("seed", 42, "min_search_granularity_percent", 1.0),
        List.of(job(0, KEY_RR, "aaaa0000", "round_robin", "slo_a", 1.5),
            job(1, KEY_LOR, "bbbb1111", "lor", "slo_a", 2.25),
            job(2, KEY_RR_B, "cccc2222", "round_robin", "slo_b", 0.75)));
  }

  /**
   * {@link #results()} with prefix-cache hits in the slo_a group: round_robin with a CPU tier (13.2 % at
   * capacity: 7.9 GPU + 5.3 CPU), lor GPU memory only (7.7 %); slo_b's trace has prefix caching off.
   */
  static StudyResults resultsWithPrefixHits() {
    return new StudyResults(1, "0.1.0-TEST", "capacity.yaml", "abc123",
        Map.of("seed", 42, "min_search_granularity_percent", 1.0),
        List.of(job(0, KEY_RR, "aaaa0000", "round_robin", "slo_a", 1.5, PrefixHits.of(10_000, 1_320, true, 530L, null)),
            job(1, KEY_LOR, "bbbb1111", "lor", "slo_a", 2.25, PrefixHits.of(10_000, 770, false, null, null)),
            job(2, KEY_RR_B, "cccc2222", "round_robin", "slo_b", 0.75)));
  }

  static JobResult job(int index, String key, String hash, String router, String slo, double capacity) {
    return job(index, key, hash, router, slo, capacity, null);
  }

  /** @param hits every probe's prefix-cache hits, or null */
  static JobResult job(int index, String key, String hash, String router, String slo, double capacity,
      PrefixHits hits) {
    List<ProbeSummary> probes = List.of(probe(hash, capacity * 2, false, hits), probe(hash, capacity, true, hits),
        probe(hash, capacity * 1.5, false, hits));
    return new JobResult(index, key, hash, "Meta-Llama-3-8B", "mooncake_conversation", "h100_dgx", router, "fcfs",
        "vllm_v1_cs512", slo, 1, 1, 128, "qps", 1000, capacity, "qps", "MAX_ITERATIONS", probes, null);
  }

  static ProbeSummary probe(String hash, double qps, boolean passed) {
    return probe(hash, qps, passed, null);
  }

  static ProbeSummary probe(String hash, double qps, boolean passed, PrefixHits hits) {
    return new ProbeSummary(2, qps, passed, passed ? 0.995 : 0.9,
        List.of(new MetricAtQuantile("prefill_e2e_time", 10.0, passed ? 8.5 : 14.0)),
        Map.of("prefill_e2e_time_p50", 0.5, "prefill_e2e_time_p90", 2.0, "prefill_e2e_time_p99", passed ? 8.5 : 14.0,
            "decode_time_execution_plus_preemption_normalized_p50", 0.007,
            "decode_time_execution_plus_preemption_normalized_p90", 0.01,
            "decode_time_execution_plus_preemption_normalized_p99", 0.02,
            "request_e2e_time_p50", 3.0, "request_e2e_time_p90", 7.0, "request_e2e_time_p99", 17.5),
        1000, 0, false, folder(hash, qps), null, hits);
  }

  static String folder(String hash, double qps) {
    return "runs/" + hash + "/r2_q" + qps;
  }

  /** A baseline where lor (bbbb1111) regressed: it used to reach 3.0. */
  static List<BaselineGate.Comparison> comparisons(StudyResults r) {
    Baseline b = new Baseline(1, Map.of(KEY_RR, 1.5, KEY_LOR, 3.0, KEY_RR_B, 0.75));
    return BaselineGate.compare(r, b, 0.02);
  }

  /** Writes probe.json and the three key quantile tables for every job's capacity probe. */
  static void writeSimulations(Path out, StudyResults r) throws IOException {
    for (JobResult j : r.jobs()) {
      String folder = folder(j.hash(), j.capacity());
      Path dir = out.resolve(folder);
      Files.createDirectories(dir.resolve("simulation/plots"));
      Files.writeString(dir.resolve("probe.json"), "{\"replicas\":2,\"qps\":" + j.capacity()
          + ",\"simulation\":\"" + folder + "/simulation\",\"percentiles\":{},\"verdicts\":{}}");
      for (String metric : QuantileTable.KEY_METRICS) {
        StringBuilder sb = new StringBuilder("cdf," + metric + "\n");
        for (int i = 0; i <= 100; i++) {
          sb.append(String.format(Locale.ROOT, "%.2f,%.6f%n", i / 100.0, 0.01 * i * i / 10));
        }
        Files.writeString(dir.resolve("simulation/plots/" + metric + ".csv"), sb.toString());
      }
    }
  }
}
