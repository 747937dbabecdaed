package dev.capacity.plugin.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Names, quantile labels and values of latency metrics as people read them ("TTFT p90 = 0.957 s"). */
public final class Metrics {
  private Metrics() {}

  /** "TTFT", "TPOT", "E2E", or the metric's own name. */
  public static String shortName(String metric) {
    return switch (metric) {
      case "prefill_e2e_time" -> "TTFT";
      case "decode_time_execution_plus_preemption_normalized" -> "TPOT";
      case "request_e2e_time" -> "E2E";
      default -> metric;
    };
  }

  /** "s/token" for per-token metrics, else "s" (every SLO metric is a time). */
  public static String unit(String metric) {
    return metric.endsWith("_normalized") ? "s/token" : "s";
  }

  /** 0.9 -> "p90", 0.999 -> "p99.9", 0.5 -> "p50". */
  public static String quantileLabel(double q) {
    return "p" + new BigDecimal(Double.toString(q)).movePointRight(2).stripTrailingZeros().toPlainString();
  }

  /** The percentiles-map key of a metric at a quantile ("prefill_e2e_time_p90"). */
  public static String percentileKey(String metric, double q) {
    return metric + "_" + quantileLabel(q);
  }

  /** Three significant digits, "∞" for unfinished requests; locale-independent. */
  public static String value(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "∞" : "-∞";
    }
    if (v == 0) {
      return "0";
    }
    return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }

  /** "5.1 s", "0.0123 s/token", "∞ (unfinished requests)". */
  public static String valueWithUnit(String metric, double v) {
    return Double.isInfinite(v) && v > 0 ? "∞ (unfinished requests)" : value(v) + " " + unit(metric);
  }

  /** A percentage with one decimal ("30.6%"). */
  public static String percent(double p) {
    return String.format(Locale.ROOT, "%.1f%%", p);
  }
}
