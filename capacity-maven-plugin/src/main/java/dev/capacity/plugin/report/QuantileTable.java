package dev.capacity.plugin.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A simulator quantile table ({@code plots/<metric>.csv}: columns {@code cdf,<metric>}, 101 rows). Rows
 * with a non-finite value (unfinished requests) are dropped.
 */
public record QuantileTable(String metric, double[] cdf, double[] values) {
  /** The three metrics the SLOs judge, in report order. */
  public static final List<String> KEY_METRICS =
      List.of("prefill_e2e_time", "decode_time_execution_plus_preemption_normalized", "request_e2e_time");

  public static String label(String metric) {
    return switch (metric) {
      case "prefill_e2e_time" -> "TTFT (s)";
      case "decode_time_execution_plus_preemption_normalized" -> "TPOT (s/token)";
      case "request_e2e_time" -> "End-to-end latency (s)";
      default -> metric;
    };
  }

  /** Reads a table, or returns null when the file is missing or is not a quantile table. */
  public static QuantileTable read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    List<Double> cdf = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    String metric;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
      List<String> header = p.getHeaderNames();
      if (header.size() != 2 || !"cdf".equals(header.get(0))) {
        return null;
      }
      metric = header.get(1);
      for (CSVRecord rec : p) {
        double q = parse(rec.get(0));
        double v = parse(rec.get(1));
        if (Double.isFinite(q) && Double.isFinite(v)) {
          cdf.add(q);
          values.add(v);
        }
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IOException("cannot read quantile table " + file + ": " + e.getMessage(), e);
    }
    return new QuantileTable(metric, cdf.stream().mapToDouble(Double::doubleValue).toArray(),
        values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static double parse(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return Double.NaN; // "inf", "nan" or empty: dropped
    }
  }
}
