package dev.capacity.simulator.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.capacity.simulator.engine.SimulationOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a simulation's outputs in Vidur's layout (reference §8.2-§8.3), so existing analysis scripts
 * keep working: {@code request_metrics.csv} (25 columns, one row per completed request, 6 decimals),
 * {@code plots/<metric>.csv} 101-row quantile tables, {@code plots/batch_*.csv} per-replica batch tables, {@code plots/replica_prefix_cache_metrics.json},
 * plus our {@code summary.json}. No timestamps: the same outcome gives the same bytes.
 */
public final class MetricsWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private MetricsWriter() {}

  /**
   * Writes the outputs into {@code dir}; {@code request_metrics.csv} only if asked: a search's probes
   * usually do without it, and it is most of the writing.
   */
  public static void write(Path dir, SimulationOutcome outcome, boolean requestMetrics) {
    try {
      Files.createDirectories(dir.resolve("plots"));
      if (requestMetrics) {
        writeRequestMetrics(dir.resolve("request_metrics.csv"), outcome.metrics());
      }
      writeQuantileTables(dir.resolve("plots"), outcome.metrics());
      writeBatchTables(dir.resolve("plots"), outcome);
      writePrefixCacheMetrics(dir.resolve("plots").resolve("replica_prefix_cache_metrics.json"), outcome);
      writeJson(dir.resolve("summary.json"), summary(outcome));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write simulation outputs to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Header of {@code request_metrics.csv}: the reference's 25 columns, in order. */
  public static List<String> requestMetricsHeader() {
    List<String> header = new ArrayList<>();
    header.add("Request Id");
    for (RequestMetric m : RequestMetric.values()) {
      header.add(m.column());
    }
    header.add("request_arrived_at");
    header.add("replica");
    return header;
  }

  /** Columns appended to {@code request_metrics.csv} for a disaggregated layout (not in Vidur's 25). */
  public static final List<String> DISAGGREGATED_COLUMNS =
      List.of("prefill_replica", "kv_transfer_time", "decode_admission_wait");

  static void writeRequestMetrics(Path file, MetricsStore m) throws IOException {
    RequestMetric[] metrics = RequestMetric.values();
    try (AsciiOut w = new AsciiOut(Files.newOutputStream(file))) {
      List<String> header = requestMetricsHeader();
      if (m.disaggregated()) {
        header.addAll(DISAGGREGATED_COLUMNS);
      }
      w.append(String.join(",", header)).append('\n');
      for (int id : m.completedIds()) {
        w.append(id);
        for (RequestMetric metric : metrics) {
          w.append(',');
          double v = m.value(metric, id);
          if (metric.fractional()) {
            w.appendFixed6(v);
          } else {
            w.append((long) v);
          }
        }
        w.append(',').appendFixed6(m.arrivedAt(id));
        w.append(',').append(m.replica(id));
        if (m.disaggregated()) {
          w.append(',').append(m.prefillReplica(id));
          w.append(',').appendFixed6(m.kvTransferTime(id));
          w.append(',').appendFixed6(m.decodeAdmissionWait(id));
        }
        w.append('\n');
      }
    }
  }

  static void writeQuantileTables(Path plots, MetricsStore m) throws IOException {
    for (RequestMetric metric : RequestMetric.values()) {
      if (!metric.isTime()) {
        continue;
      }
      double[] v = m.completed(metric);
      Quantiles.sort(v);
      StringBuilder sb = new StringBuilder(4096);
      sb.append("cdf,").append(metric.column()).append('\n');
      for (int i = 0; i <= 100; i++) {
        Decimals.append(sb, i / 100.0, 2);
        sb.append(',');
        Decimals.append(sb, Quantiles.ofSorted(v, i / 100.0), 6);
        sb.append('\n');
      }
      Files.writeString(plots.resolve(metric.column() + ".csv"), sb, StandardCharsets.UTF_8);
    }
  }

  /**
   * {@code plots/batch_<column>.csv}: per replica, a 101-row quantile table (linear interpolation; exact
   * for tokens and sizes, within 0.4 % for execution time, see {@link BatchLog}; the reference's are
   * DDSketch estimates) of each batch quantity, columns {@code replica,cdf,<column>}.
   */
  static void writeBatchTables(Path plots, SimulationOutcome outcome) throws IOException {
    BatchLog log = outcome.batchLog();
    double[] cdf = new double[101];
    for (int i = 0; i <= 100; i++) {
      cdf[i] = i / 100.0;
    }
    for (BatchLog.Column column : BatchLog.Column.values()) {
      StringBuilder sb = new StringBuilder(4096 * outcome.replicas().length);
      sb.append("replica,cdf,").append(column.fileName()).append('\n');
      for (SimulationOutcome.ReplicaStats r : outcome.replicas()) {
        if (log.count(r.replica()) == 0) {
          continue;
        }
        double[] q = log.quantiles(column, r.replica(), cdf);
        for (int i = 0; i <= 100; i++) {
          sb.append(r.replica()).append(',');
          Decimals.append(sb, cdf[i], 2);
          sb.append(',');
          Decimals.append(sb, q[i], 6);
          sb.append('\n');
        }
      }
      Files.writeString(plots.resolve(column.fileName() + ".csv"), sb, StandardCharsets.UTF_8);
    }
  }

  static void writePrefixCacheMetrics(Path file, SimulationOutcome outcome) throws IOException {
    Map<String, Object> byReplica = new LinkedHashMap<>();
    for (SimulationOutcome.ReplicaStats s : outcome.replicas()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("cached_tokens_sum", s.cachedPromptTokens());
      r.put("total_tokens_sum", s.admittedPromptTokens());
      r.put("hit_ratio", s.prefixHitRatio());
      if (outcome.tiered()) {
        putTierHits(r, s);
      }
      byReplica.put("replica_" + s.replica(), r);
    }
    writeJson(file, byReplica);
  }

  /** Counts, token totals, unfinished requests, per-replica busy time, KV usage and cache hits. */
  public static Map<String, Object> summary(SimulationOutcome outcome) {
    MetricsStore m = outcome.metrics();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("num_requests_arrived", m.numRequests());
    s.put("num_requests_completed", m.numCompleted());
    s.put("num_requests_unfinished", m.numUnfinished());
    s.put("num_requests_rejected_too_large_for_kv_cache", m.numRejected());
    s.put("time_limit_reached", outcome.timeLimitReached());
    s.put("stopped_early", outcome.stoppedEarly());
    s.put("simulated_end_time_s", outcome.endTime());
    s.put("num_events", outcome.numEvents());
    long prefill = 0;
    long decode = 0;
    long cached = 0;
    for (int id : m.completedIds()) {
      prefill += (long) m.value(RequestMetric.REQUEST_NUM_PREFILL_TOKENS, id);
      decode += (long) m.value(RequestMetric.REQUEST_NUM_DECODE_TOKENS, id);
      cached += (long) m.value(RequestMetric.REQUEST_NUM_PREFILL_TOKENS_CACHED, id);
    }
    s.put("completed_prefill_tokens", prefill);
    s.put("completed_decode_tokens", decode);
    s.put("completed_prefill_tokens_cached", cached);
    if (m.disaggregated()) {
      int[] ids = m.completedIds();
      double[] transfer = new double[ids.length];
      double[] wait = new double[ids.length];
      for (int k = 0; k < ids.length; k++) {
        transfer[k] = m.kvTransferTime(ids[k]);
        wait[k] = m.decodeAdmissionWait(ids[k]);
      }
      s.put("kv_transfer_time", stats(transfer));
      s.put("decode_admission_wait", stats(wait));
    }
    List<Map<String, Object>> replicas = new ArrayList<>();
    for (SimulationOutcome.ReplicaStats r : outcome.replicas()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("replica", r.replica());
      x.put("busy_time_s", r.busySeconds());
      x.put("busy_fraction", outcome.endTime() > 0 ? r.busySeconds() / outcome.endTime() : 0);
      x.put("num_batches", r.numBatches());
      x.put("num_batch_tokens", r.numTokens());
      x.put("kv_blocks", r.kvBlocks());
      x.put("kv_usage_mean", r.meanKvUsage());
      x.put("kv_usage_max", r.maxKvUsage());
      x.put("prefix_cache_admissions", r.admissions());
      x.put("prefix_cache_prompt_tokens", r.admittedPromptTokens());
      x.put("prefix_cache_hit_tokens", r.cachedPromptTokens());
      x.put("prefix_cache_hit_ratio", r.prefixHitRatio());
      if (outcome.tiered()) {
        putTierHits(x, r);
      }
      replicas.add(x);
    }
    if (outcome.tiered()) { // the whole cluster's hit ratio by the tier that served the hit
      SimulationOutcome.PromptHits hits = outcome.promptHits();
      Map<String, Object> byTier = new LinkedHashMap<>();
      byTier.put("gpu", hits.share(hits.gpu()));
      byTier.put("cpu", hits.share(hits.cpu()));
      byTier.put("pool", hits.share(hits.pool()));
      s.put("prefix_cache_hit_ratio_by_tier", byTier);
    }
    s.put("replicas", replicas);
    long[] outstanding = outcome.routerOutstanding();
    if (outstanding != null) {
      s.put("router_outstanding_at_end", outstanding);
    }
    return s;
  }

  /** Hit tokens and ratios by the tier that served them (GPU memory, CPU memory, the shared pool). */
  private static void putTierHits(Map<String, Object> x, SimulationOutcome.ReplicaStats r) {
    x.put("prefix_cache_hit_tokens_gpu", r.gpuHitTokens());
    x.put("prefix_cache_hit_tokens_cpu", r.cpuHitTokens());
    x.put("prefix_cache_hit_tokens_pool", r.poolHitTokens());
    x.put("prefix_cache_hit_ratio_gpu", r.ratio(r.gpuHitTokens()));
    x.put("prefix_cache_hit_ratio_cpu", r.ratio(r.cpuHitTokens()));
    x.put("prefix_cache_hit_ratio_pool", r.ratio(r.poolHitTokens()));
  }

  /** Mean and quantiles (p50, p90, p99, max) of a completed-request column. */
  private static Map<String, Object> stats(double[] v) {
    Map<String, Object> x = new LinkedHashMap<>();
    double sum = 0;
    for (double d : v) {
      sum += d;
    }
    Quantiles.sort(v);
    x.put("mean", v.length == 0 ? 0 : sum / v.length);
    x.put("p50", Quantiles.ofSorted(v, 0.5));
    x.put("p90", Quantiles.ofSorted(v, 0.9));
    x.put("p99", Quantiles.ofSorted(v, 0.99));
    x.put("max", Quantiles.ofSorted(v, 1.0));
    return x;
  }

  public static void writeJson(Path file, Object value) throws IOException {
    Files.write(file, JSON.writeValueAsBytes(value));
  }
}
