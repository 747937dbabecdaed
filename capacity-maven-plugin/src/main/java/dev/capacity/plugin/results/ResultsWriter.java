package dev.capacity.plugin.results;

import dev.capacity.plugin.run.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** {@code results.json} and {@code results.csv}, written atomically; numbers in a fixed locale. */
public final class ResultsWriter {
  public static final String JSON_FILE = "results.json";
  public static final String CSV_FILE = "results.csv";

  static final String[] CSV_HEADER = {
    "index", "hash", "model", "trace", "cluster", "router", "request_queue", "replica_scheduler", "slo",
    "tp", "pp", "batch_size", "search_for", "num_requests", "capacity", "unit", "stop_reason", "num_probes",
    "ttft_p99_at_capacity", "tpot_p99_at_capacity", "e2e_p99_at_capacity", "error", "key",
    // last, so readers by position of the older columns still work; empty unless they apply
    "requests_arrived", "status", "status_reason",
    // the deployment: replicas (a replica search's: its capacity), GPUs = replicas x tp x pp, QPS per GPU,
    // and with cost_per_gpu_hour the fleet's cost per hour and QPS per dollar per hour
    "replicas", "gpus", "qps_per_gpu", "cost_per_hour", "qps_per_dollar_hour",
    // the capacity probe's prefix-cache hits, shares of the admitted prompt tokens: the total with prefix
    // caching on, and by the tier that served them with KV-cache tiers (empty without that tier)
    "prefix_hit_ratio_at_capacity", "prefix_hit_ratio_gpu_at_capacity", "prefix_hit_ratio_cpu_at_capacity",
    "prefix_hit_ratio_pool_at_capacity"
  };

  /**
   * Appended only to results measured over several seeds ({@code capacity.seeds}), so the columns of
   * ordinary studies stay as they were: the gated value's spread over the seeds.
   */
  static final String[] SPREAD_HEADER = {
    "capacity_min", "capacity_max", "capacity_stddev", "capacity_spread_percent"
  };

  private ResultsWriter() {}

  public static void write(Path outputDir, StudyResults results) throws IOException {
    Json.writeAtomically(outputDir.resolve(JSON_FILE), results);
    Json.writeAtomically(outputDir.resolve(CSV_FILE), csv(results).getBytes(StandardCharsets.UTF_8));
  }

  /** Only {@code results.csv} (a shard writes its own {@code results.json}). */
  public static void writeCsv(Path outputDir, StudyResults results) throws IOException {
    Json.writeAtomically(outputDir.resolve(CSV_FILE), csv(results).getBytes(StandardCharsets.UTF_8));
  }

  public static StudyResults read(Path file) throws IOException {
    return Json.MAPPER.readValue(file.toFile(), StudyResults.class);
  }

  static String csv(StudyResults results) throws IOException {
    StringWriter out = new StringWriter();
    boolean spread = results.seedSpread() != null;
    String[] header = CSV_HEADER;
    if (spread) {
      header = java.util.Arrays.copyOf(CSV_HEADER, CSV_HEADER.length + SPREAD_HEADER.length);
      System.arraycopy(SPREAD_HEADER, 0, header, CSV_HEADER.length, SPREAD_HEADER.length);
    }
    try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
        .setHeader(header).get())) {
      for (JobResult j : results.jobs()) {
        ProbeSummary atCapacity = atCapacity(j);
        List<Object> row = new java.util.ArrayList<>(java.util.Arrays.asList(
            j.index(), j.hash(), j.model(), j.trace(), j.cluster(), j.router(), j.requestQueue(),
            j.replicaScheduler(), j.slo(), j.tp(), j.pp(), j.batchSize(), j.searchFor(), j.numRequests(),
            j.capacity() == null ? "" : Numbers.format(j.capacity()), j.unit(), j.stopReason(),
            j.probes().size(),
            percentile(atCapacity, "prefill_e2e_time_p99"),
            percentile(atCapacity, "decode_time_execution_plus_preemption_normalized_p99"),
            percentile(atCapacity, "request_e2e_time_p99"),
            j.error() == null ? "" : j.error(), j.key(),
            j.requestsArrived() == null ? "" : j.requestsArrived(),
            j.status() == null ? "" : j.status(), j.statusReason() == null ? "" : j.statusReason(),
            replicas(j), j.gpus() == null ? "" : j.gpus(), num(j.qpsPerGpu()), num(j.costPerHour()),
            num(j.qpsPerDollarHour()),
            hits(atCapacity, h -> h.total()), hits(atCapacity, PrefixHits::gpu), hits(atCapacity, PrefixHits::cpu),
            hits(atCapacity, PrefixHits::pool)));
        if (spread) {
          row.addAll(List.of(spread(results, j, SeedSpread.Job::min), spread(results, j, SeedSpread.Job::max),
              spread(results, j, SeedSpread.Job::stddev),
              spread(results, j, s -> s.relativeRange() == null ? null : s.relativeRange() * 100)));
        }
        p.printRecord(row);
      }
    }
    return out.toString();
  }

  /** The passing probe at the capacity found, or null. */
  public static ProbeSummary atCapacity(JobResult j) {
    if (j.capacity() == null) {
      return null;
    }
    for (ProbeSummary p : j.probes()) {
      boolean match = "replicas".equals(j.unit()) ? p.replicas() == j.capacity() : p.qps() == j.capacity();
      if (match && p.passed()) {
        return p;
      }
    }
    return null;
  }

  /** The replicas of the deployment: the search config's, or for a replica search the minimum found. */
  private static String replicas(JobResult j) {
    if ("replicas".equals(j.unit())) {
      return j.capacity() == null ? "" : Numbers.format(j.capacity());
    }
    return j.replicas() == null ? "" : j.replicas().toString();
  }

  private static String num(Double v) {
    return v == null ? "" : Numbers.format(v);
  }

  /** One of the probe's prefix-cache hit ratios, or empty (no probe, prefix caching off, no such tier). */
  private static String hits(ProbeSummary p, java.util.function.Function<PrefixHits, Double> share) {
    return p == null || p.prefixHits() == null ? "" : num(share.apply(p.prefixHits()));
  }

  private static String spread(StudyResults results, JobResult j,
      java.util.function.Function<SeedSpread.Job, Double> field) {
    SeedSpread.Job s = results.seedSpread() == null ? null : results.seedSpread().jobs().get(j.key());
    Double v = s == null ? null : field.apply(s);
    return v == null ? "" : Numbers.format(v);
  }

  private static String percentile(ProbeSummary p, String key) {
    if (p == null || !p.percentiles().containsKey(key)) {
      return "";
    }
    return Numbers.format(p.percentiles().get(key));
  }
}
