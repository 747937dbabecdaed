package dev.capacity.plugin.report;

import static dev.capacity.plugin.report.Html.esc;

import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.Numbers;
import dev.capacity.plugin.results.ProbeSummary;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.study.MetricAtQuantile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The standalone {@code report/index.html}: the answer first (per group the best configuration, runner-up
 * and margin, regressions, why a job has no capacity), then capacity per router group, the baseline
 * comparison, and each search's probes and latency CDFs at capacity. One file, inline SVG, inline CSS, no script and no
 * network; no timestamps, so the same results give the same bytes.
 */
public final class HtmlReport {
  /** Jobs above this count get their search sections collapsed, so a big study's page stays usable. */
  static final int OPEN_SEARCHES_UP_TO = 12;

  private static final String CSS = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:2em auto;\
      max-width:1200px;padding:0 1em;color:#222;line-height:1.4}
      h1{margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
      h3{margin-bottom:.4em}.meta{color:#555}.meta code{font-size:.9em}
      table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.9em}
      th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
      th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
      .pass{color:#2e7d32;font-weight:600}.fail{color:#c62828;font-weight:600}
      tr.REGRESSED td{background:#fdecea}tr.IMPROVED td{background:#e8f5e9}
      .verdict{font-weight:600}.charts{display:flex;flex-wrap:wrap;gap:1em}
      .charts svg{border:1px solid #eee;max-width:100%;height:auto}
      details{border:1px solid #ddd;border-radius:4px;padding:.4em .8em;margin:.6em 0}
      summary{cursor:pointer;font-weight:600}.key{font-family:monospace;font-size:.85em;color:#555;\
      word-break:break-all}.note{color:#666;font-style:italic}nav a{margin-right:1em}
      .answer{background:#f5f9ff;border-left:4px solid #1565c0;padding:.3em 1em;margin:.5em 0}
      .answer ul{margin:.2em 0;padding-left:1.2em}.answer li{margin:.15em 0}.gtitle{margin:.2em 0;color:#444;\
      font-size:.9em}.answer li.fail{color:#c62828}.nw{white-space:nowrap}.tiers{color:#555;font-size:.9em}
      """;

  private final StudyResults results;
  private final List<BaselineGate.Comparison> comparisons;
  private final double tolerance;
  private final Path outputDir;
  private final Consumer<String> warnings;
  private final StringBuilder sb = new StringBuilder(1 << 16);
  private boolean trend;

  /**
   * @param comparisons the baseline gate's comparisons (regressed first), or null when there is no baseline
   * @param outputDir the search's output directory, where the probes' simulation folders are
   */
  public HtmlReport(StudyResults results, List<BaselineGate.Comparison> comparisons, double tolerance,
      Path outputDir, Consumer<String> warnings) {
    this.results = results;
    this.comparisons = comparisons;
    this.tolerance = tolerance;
    this.outputDir = outputDir;
    this.warnings = warnings;
  }

  /** Shows {@code trend.svg} (drawn next to the report from capacity.history by this run). */
  public HtmlReport withTrend(boolean trend) {
    this.trend = trend;
    return this;
  }

  public String render() {
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Capacity report: ").append(esc(results.study())).append("</title>\n")
        .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    header();
    answer();
    capacity();
    trend();
    baseline();
    searches();
    about();
    sb.append("</body>\n</html>\n");
    return sb.toString();
  }

  private void header() {
    sb.append("<h1>Capacity report</h1>\n<p class=\"meta\">Study <code>").append(esc(results.study()))
        .append("</code>, ").append(results.jobs().size()).append(" job(s)")
        .append(target() == null ? "" : ", target " + esc(Numbers.format(target())) + " QPS")
        .append(". <a href=\"#about\">Settings and fingerprint</a></p>\n")
        .append("<nav><a href=\"#answer\">Answer</a><a href=\"#capacity\">Capacity per router</a>"
            + (hasTrend() ? "<a href=\"#trend\">Trend</a>" : "")
            + "<a href=\"#baseline\">Baseline</a><a href=\"#searches\">Searches</a></nav>\n");
  }

  /** The trend over capacity.history, when this run drew one next to the report. */
  private boolean hasTrend() {
    return trend;
  }

  private void trend() {
    if (hasTrend()) {
      sb.append("<h2 id=\"trend\">Trend</h2>\n<p>Each job's capacity over the results in capacity.history and"
          + " this run.</p>\n<img src=\"").append(dev.capacity.plugin.history.TrendChart.FILE)
          .append("\" alt=\"capacity trend per job\">\n");
    }
  }

  /** The study's {@code target_qps}, as results.json records it, or null. */
  private Double target() {
    Object t = results.settings() == null ? null : results.settings().get("target_qps");
    return t instanceof Number n ? n.doubleValue() : null;
  }

  /** Per group, the answer in sentences: best, runner-up and margin, regressions, why none, target. */
  private void answer() {
    sb.append("<h2 id=\"answer\">Answer</h2>\n");
    Map<String, BaselineGate.Comparison> byKey = new java.util.HashMap<>();
    if (comparisons != null) {
      comparisons.forEach(c -> byKey.put(c.key(), c));
    }
    List<JobGroups.Group> groups = JobGroups.of(results.jobs()).groups();
    for (JobGroups.Group group : groups) {
      sb.append("<div class=\"answer\">");
      if (groups.size() > 1) {
        sb.append("<p class=\"gtitle\">").append(esc(group.title())).append("</p>");
      }
      sb.append("<ul>");
      for (String line : Answers.of(group, byKey, target())) {
        boolean bad = line.startsWith("Regressed") || line.contains(" has no capacity: ")
            || line.startsWith("No configuration");
        sb.append("<li").append(bad ? " class=\"fail\"" : "").append('>').append(esc(line)).append("</li>");
      }
      sb.append("</ul></div>\n");
    }
  }

  /** The run's settings and fingerprint, last: they identify the run, they do not answer anything. */
  private void about() {
    sb.append("<h2 id=\"about\">About this run</h2>\n<p class=\"meta\">Plugin ")
        .append(esc(results.pluginVersion())).append(", fingerprint <code>").append(esc(results.fingerprint()))
        .append("</code>.");
    if (results.settings() != null && !results.settings().isEmpty()) {
      sb.append(" Settings:");
      results.settings().forEach((k, v) -> sb.append(" <code>").append(esc(k)).append('=')
          .append(esc(v instanceof Number n ? Numbers.format(n.doubleValue()) : String.valueOf(v)))
          .append("</code>"));
    }
    sb.append("</p>\n");
  }

  private void baseline() {
    sb.append("<h2 id=\"baseline\">Baseline comparison</h2>\n");
    if (comparisons == null) {
      sb.append("<p class=\"note\">No baseline file: nothing to compare with. Record one with "
          + "<code>mvn capacity:update-baseline</code> and commit it.</p>\n");
      return;
    }
    Map<BaselineGate.Verdict, Integer> counts = new EnumMap<>(BaselineGate.Verdict.class);
    comparisons.forEach(c -> counts.merge(c.verdict(), 1, Integer::sum));
    sb.append("<p>Tolerance ").append(String.format(Locale.ROOT, "%.2f", tolerance * 100)).append("%:");
    for (BaselineGate.Verdict v : BaselineGate.Verdict.values()) {
      sb.append(' ').append(counts.getOrDefault(v, 0)).append(' ').append(v.name().toLowerCase(Locale.ROOT))
          .append(v == BaselineGate.Verdict.OK ? "." : ",");
    }
    sb.append("</p>\n<table class=\"baseline\">\n<thead><tr><th>Verdict</th><th>Job</th><th>Baseline</th>"
        + "<th>Current</th><th>Change</th></tr></thead>\n<tbody>\n");
    for (BaselineGate.Comparison c : comparisons) {
      sb.append("<tr class=\"").append(c.verdict().name()).append("\"><td class=\"verdict\">")
          .append(c.verdict().name()).append("</td><td>");
      if (!c.hash().isEmpty()) {
        sb.append("<a href=\"#job-").append(esc(c.hash())).append("\">").append(esc(c.hash())).append("</a> ");
      }
      sb.append("<span class=\"key\">").append(esc(c.key())).append("</span></td><td class=\"num\">")
          .append(num(c.baseline())).append("</td><td class=\"num\">").append(num(c.current()))
          .append("</td><td class=\"num\">")
          .append(c.baseline() != null && c.current() != null
              ? String.format(Locale.ROOT, "%+.2f%%", c.changePercent()) : "")
          .append("</td></tr>\n");
    }
    sb.append("</tbody>\n</table>\n");
  }

  private void capacity() {
    sb.append("<h2 id=\"capacity\">Capacity per router</h2>\n");
    int g = 0;
    for (JobGroups.Group group : JobGroups.of(results.jobs()).groups()) {
      g++;
      sb.append("<section class=\"group\">\n<h3>").append(esc(group.title())).append("</h3>\n");
      boolean charted = group.jobs().stream().anyMatch(j -> j.capacity() != null && j.capacity() > 0);
      String chartId = "cap-" + g;
      if (charted) {
        long bars = group.jobs().stream().filter(j -> j.capacity() != null).count();
        int width = Math.max(520, Math.min(1100, 160 + 90 * (int) bars));
        sb.append("<div class=\"charts\">")
            .append(chart(() -> Svg.render(Charts.capacityPerRouter("Capacity per router", group.jobs()),
                width, 300, chartId)))
            .append("</div>\n");
      } else {
        sb.append("<p class=\"note\">No chart: no configuration of this group has a capacity.</p>\n");
      }
      boolean priced = group.jobs().stream().anyMatch(j -> j.costPerGpuHour() != null);
      boolean cached = group.prefixCached();
      List<LatencyColumns.Column> latency = LatencyColumns.of(group);
      sb.append("<table class=\"capacity\">\n<thead><tr><th>Router</th><th>Capacity</th><th>Unit</th>"
          + "<th>Deployment</th><th>GPUs</th><th>QPS per GPU</th>");
      if (priced) {
        sb.append("<th>$ per hour</th><th>QPS per $/h</th>");
      }
      if (cached) {
        sb.append("<th title=\"Share of the prompt tokens found in the prefix cache at capacity, by the"
            + " tier that held them\">Prefix hits</th>");
      }
      sb.append("<th>Stop reason</th><th>Probes</th>");
      latency.forEach(c -> sb.append("<th>").append(esc(c.header())).append("</th>"));
      sb.append("<th>Job</th></tr></thead>\n<tbody>\n");
      for (JobResult j : group.jobs()) {
        ProbeSummary at = ResultsWriter.atCapacity(j);
        sb.append("<tr data-job=\"").append(esc(j.hash())).append("\"><td>").append(esc(j.router()))
            .append("</td><td class=\"num capacity\">")
            .append(j.error() != null ? "<span class=\"fail\">error</span>"
                : j.status() != null ? "<span class=\"fail\" title=\"" + esc(j.statusReason()) + "\">"
                    + esc(j.status()) + "</span>"
                : num(j.capacity()))
            .append("</td><td>").append(esc(j.unit())).append("</td><td>").append(esc(j.deployment()))
            .append("</td><td class=\"num\">").append(j.gpus() == null ? "" : j.gpus())
            .append("</td><td class=\"num\">").append(j.qpsPerGpu() == null ? "" : esc(Metrics.value(j.qpsPerGpu())))
            .append("</td>");
        if (priced) {
          sb.append("<td class=\"num\">").append(j.costPerHour() == null ? "" : esc(Metrics.value(j.costPerHour())))
              .append("</td><td class=\"num\">")
              .append(j.qpsPerDollarHour() == null ? "" : esc(Metrics.value(j.qpsPerDollarHour()))).append("</td>");
        }
        if (cached) {
          sb.append("<td class=\"num hits\">").append(hits(ResultsWriter.atCapacity(j))).append("</td>");
        }
        sb.append("<td>").append(esc(j.stopReason())).append("</td><td class=\"num\">").append(j.probes().size())
            .append("</td>");
        latency.forEach(c -> sb.append("<td class=\"num\">").append(esc(short4(c.value(at)))).append("</td>"));
        sb.append("<td><a href=\"#job-").append(esc(j.hash())).append("\">").append(esc(j.hash()))
            .append("</a></td></tr>\n");
      }
      sb.append("</tbody>\n</table>\n</section>\n");
    }
  }

  private void searches() {
    sb.append("<h2 id=\"searches\">Searches</h2>\n");
    boolean open = results.jobs().size() <= OPEN_SEARCHES_UP_TO;
    for (JobResult j : results.jobs()) {
      String id = Svg.idToken(j.hash());
      sb.append("<details id=\"job-").append(esc(j.hash())).append('"').append(open ? " open" : "")
          .append(">\n<summary>").append(esc(j.hash())).append(" · ").append(esc(j.router())).append(" · ")
          .append(j.capacity() != null ? esc(unitText(j) + " " + Numbers.format(j.capacity()))
              : j.status() != null ? esc(j.status()) : "no capacity")
          .append("</summary>\n<p class=\"key\">").append(esc(j.key())).append("</p>\n");
      if (j.statusReason() != null) {
        sb.append("<p class=\"fail\">No capacity: ").append(esc(j.statusReason())).append("</p>\n");
      }
      if (j.error() != null) {
        sb.append("<p class=\"fail\">Search failed: ").append(esc(j.error())).append("</p>\n");
      }
      sb.append("<div class=\"charts\">");
      if (!j.probes().isEmpty()) {
        sb.append(chart(() -> Svg.render(Charts.searchPath(j), 520, 320, "path-" + id)));
      }
      try {
        for (CapacityPoint.Cdf cdf : CapacityPoint.cdfs(outputDir, j)) {
          sb.append(chart(() -> Svg.render(Charts.cdf(cdf.table(), cdf.bound()), 520, 320,
              "cdf-" + id + "-" + Svg.idToken(cdf.table().metric()))));
        }
      } catch (IOException e) {
        warnings.accept("capacity: no latency CDFs for " + j.hash() + " in the report: " + e.getMessage());
      }
      sb.append("</div>\n");
      probes(j);
      sb.append("</details>\n");
    }
  }

  private void probes(JobResult j) {
    sb.append("<table class=\"probes\">\n<thead><tr><th>#</th><th>Replicas</th><th>QPS</th><th>Verdict</th>"
        + "<th>Judged (value / bound)</th><th>Passing fraction</th><th>TTFT p50/p90/p99</th>"
        + "<th>TPOT p50/p90/p99</th><th>E2E p50/p90/p99</th><th>Completed / unfinished</th></tr></thead>\n"
        + "<tbody>\n");
    int i = 1;
    for (ProbeSummary p : j.probes()) {
      sb.append("<tr><td class=\"num\">").append(i++).append("</td><td class=\"num\">").append(p.replicas())
          .append("</td><td class=\"num\">").append(Numbers.format(p.qps())).append("</td><td class=\"")
          .append(p.passed() ? "pass\">pass" : "fail\">fail").append("</td><td>");
      if (p.judged() != null) {
        for (MetricAtQuantile m : p.judged()) {
          sb.append(esc(m.metric())).append(' ').append(Numbers.format(m.valueAtQuantile())).append(" / ")
              .append(Numbers.format(m.bound())).append("<br>");
        }
      }
      sb.append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.4f", p.passingFraction()))
          .append("</td>");
      for (String metric : QuantileTable.KEY_METRICS) {
        sb.append("<td class=\"num\">").append(triple(p, metric)).append("</td>");
      }
      sb.append("<td class=\"num\">").append(p.numCompleted()).append(" / ").append(p.numUnfinished())
          .append("</td></tr>\n");
    }
    sb.append("</tbody>\n</table>\n");
  }

  /**
   * A probe's prefix-cache hits, or empty: the total, and under it the tiers, each kept on one line
   * ("13.2 %" over "(GPU 7.9 + CPU 5.3)"), so the column is no wider than the tiers.
   */
  private static String hits(ProbeSummary p) {
    if (p == null || p.prefixHits() == null) {
      return "";
    }
    String total = "<span class=\"nw\">" + esc(p.prefixHits().totalText()) + "</span>";
    return p.prefixHits().tiered()
        ? total + "<br><span class=\"nw tiers\">" + esc(p.prefixHits().tiersText()) + "</span>" : total;
  }

  private String chart(java.util.function.Supplier<String> svg) {
    try {
      return svg.get();
    } catch (RuntimeException e) {
      warnings.accept("capacity: a chart of the report could not be drawn: " + e);
      return "<p class=\"note\">(chart unavailable)</p>";
    }
  }

  private static String unitText(JobResult j) {
    return switch (j.unit()) {
      case "replicas" -> "min replicas";
      case "qps" -> "max QPS";
      default -> j.unit();
    };
  }

  private static String triple(ProbeSummary p, String metric) {
    Map<String, Double> m = p.percentiles();
    if (m == null || !m.containsKey(metric + "_p50")) {
      return "";
    }
    return short4(m.get(metric + "_p50")) + " / " + short4(m.get(metric + "_p90")) + " / "
        + short4(m.get(metric + "_p99"));
  }

  private static String short4(Double v) {
    if (v == null) {
      return "";
    }
    if (!Double.isFinite(v)) {
      return v > 0 ? "∞" : String.valueOf(v);
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
  }

  private static String num(Double v) {
    return v == null ? "" : esc(Numbers.format(v));
  }
}
