package dev.capacity.plugin.report;

import dev.capacity.plugin.study.MetricAtQuantile;
import dev.capacity.plugin.study.SloConfig;
import dev.capacity.plugin.study.SloVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An SLO verdict as people read it: "TTFT (prefill_e2e_time) p90 = 0.957 s <= 2 s: pass". */
public final class SloText {
  private SloText() {}

  /** "TTFT (prefill_e2e_time)", or the metric alone when it has no short name. */
  public static String metric(String metric) {
    String s = Metrics.shortName(metric);
    return s.equals(metric) ? metric : s + " (" + metric + ")";
  }

  /**
   * One line per judged metric; with several SLOs judged per request, a last line with the share of
   * requests meeting them and the verdict.
   */
  public static List<String> lines(SloConfig config, SloVerdict verdict) {
    String q = Metrics.quantileLabel(config.quantile().value());
    List<String> out = new ArrayList<>();
    boolean single = verdict.metrics().size() == 1;
    for (MetricAtQuantile m : verdict.metrics()) {
      boolean within = m.valueAtQuantile() <= m.bound();
      out.add(metric(m.metric()) + " " + q + " = " + Metrics.valueWithUnit(m.metric(), m.valueAtQuantile())
          + (within ? " <= " : " > ") + Metrics.value(m.bound()) + " " + Metrics.unit(m.metric())
          + (single ? ": " + (verdict.passes() ? "pass" : "fail") : ""));
    }
    if (!single) {
      out.add(String.format(Locale.ROOT, "%.1f%% of requests meet %s of them per request (%s needs %s%%): %s",
          verdict.passingFraction() * 100, config.type().name().toLowerCase(Locale.ROOT).equals("or") ? "one" : "all",
          q, Metrics.value(config.quantile().value() * 100), verdict.passes() ? "pass" : "fail"));
    }
    return out;
  }
}
