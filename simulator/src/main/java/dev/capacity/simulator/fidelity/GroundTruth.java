package dev.capacity.simulator.fidelity;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The bundled real-GPU measurements {@code ground-truth/vllm-a100-40gb-llama3-8b/} (vLLM V1, eager mode,
 * Llama-3-8B on A100-SXM4-40GB; see its README): 110 runs, 40 of them with per-request records.
 * Times in seconds.
 */
public final class GroundTruth {
  public static final String FOLDER = "ground-truth/vllm-a100-40gb-llama3-8b/";
  public static final String MODEL = "meta-llama/Meta-Llama-3-8B";

  /** One measured request: arrival from the run's start, sizes, and latencies. */
  public record MeasuredRequest(
      int index, double arrival, int inputTokens, int outputTokens, double ttft, double e2e, double tpot) {}

  /**
   * One measured run. Percentiles are those of {@code runs.csv}; {@code tpot*} are NaN where the data has
   * no per-request TPOT. {@code requests} is empty for runs without per-request records.
   */
  public record MeasuredRun(
      String runId, int tp, int dp, double qps, int numRequests, String overloaded,
      long totalInputTokens, long totalOutputTokens,
      double ttftP50, double ttftP90, double ttftP99,
      double e2eP50, double e2eP90, double e2eP99,
      double tpotP50, double tpotP90, double tpotP99,
      List<MeasuredRequest> requests) {

    public boolean replayable() {
      return !requests.isEmpty();
    }

    /** {@code overloaded} is "no" or "no (by TTFT heuristic)" (the data's heuristic, not a measurement). */
    public boolean notOverloaded() {
      return overloaded.startsWith("no");
    }

    public String shape() {
      return "TP" + tp + "xDP" + dp;
    }
  }

  private GroundTruth() {}

  /** All 110 runs in {@code runs.csv} order, the per-request records attached (in arrival order). */
  public static List<MeasuredRun> load() {
    Map<String, List<MeasuredRequest>> byRun = new LinkedHashMap<>();
    for (CSVRecord r : read("requests.csv")) {
      byRun.computeIfAbsent(r.get("run_id"), k -> new ArrayList<>())
          .add(new MeasuredRequest(
              Integer.parseInt(r.get("req_idx_by_arrival")),
              Double.parseDouble(r.get("arrival_s")),
              Integer.parseInt(r.get("input_tokens")),
              Integer.parseInt(r.get("output_tokens")),
              Double.parseDouble(r.get("ttft_s")),
              Double.parseDouble(r.get("e2e_s")),
              Double.parseDouble(r.get("tpot_s"))));
    }
    List<MeasuredRun> runs = new ArrayList<>();
    for (CSVRecord r : read("runs.csv")) {
      List<MeasuredRequest> requests = new ArrayList<>(byRun.getOrDefault(r.get("run_id"), List.of()));
      requests.sort(java.util.Comparator.comparingInt(MeasuredRequest::index));
      runs.add(new MeasuredRun(
          r.get("run_id"),
          Integer.parseInt(r.get("tp")),
          Integer.parseInt(r.get("dp_replicas")),
          Double.parseDouble(r.get("qps")),
          Integer.parseInt(r.get("num_requests")),
          r.get("overloaded"),
          Long.parseLong(r.get("total_input_tokens")),
          Long.parseLong(r.get("total_output_tokens")),
          num(r, "ttft_p50_s"), num(r, "ttft_p90_s"), num(r, "ttft_p99_s"),
          num(r, "e2e_p50_s"), num(r, "e2e_p90_s"), num(r, "e2e_p99_s"),
          num(r, "tpot_req_p50_s"), num(r, "tpot_req_p90_s"), num(r, "tpot_req_p99_s"),
          List.copyOf(requests)));
    }
    return runs;
  }

  private static double num(CSVRecord r, String column) {
    String v = r.get(column);
    return v == null || v.isBlank() ? Double.NaN : Double.parseDouble(v);
  }

  private static List<CSVRecord> read(String file) {
    String resource = FOLDER + file;
    try (InputStream in = GroundTruth.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }
}
