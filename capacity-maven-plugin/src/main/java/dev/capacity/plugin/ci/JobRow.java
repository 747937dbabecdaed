package dev.capacity.plugin.ci;

import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.Numbers;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One job as CI outputs show it: its gated value, its comparison (null without a reference), and what
 * went wrong, if anything. Both {@link JunitXml} and {@link SummaryMarkdown} read these, so they agree.
 */
record JobRow(JobResult job, Double value, BaselineGate.Comparison comparison) {

  /** The study's jobs in grid order, each with its comparison by job key. */
  static List<JobRow> of(List<JobResult> jobs, List<BaselineGate.Comparison> comparisons) {
    Map<String, BaselineGate.Comparison> byKey = new TreeMap<>();
    if (comparisons != null) {
      comparisons.forEach(c -> byKey.put(c.key(), c));
    }
    return jobs.stream().map(j -> new JobRow(j, BaselineGate.gated(j), byKey.get(j.key()))).toList();
  }

  boolean regressed() {
    return comparison != null && comparison.verdict() == BaselineGate.Verdict.REGRESSED;
  }

  /** The search could not run, or found no capacity (NOT_FOUND, BELOW_MIN_QPS); null when it did. */
  String failure() {
    if (job.error() != null) {
      return "search failed: " + job.error();
    }
    if (job.status() != null) {
      // the reason starts with the status in words ("not found: ...", "below min_qps ...")
      return job.statusReason() == null ? job.status() + ": no capacity" : job.statusReason();
    }
    return null;
  }

  /** REGRESSED, IMPROVED, OK, NEW (with a reference); else ERROR, NOT_FOUND, BELOW_MIN_QPS or FOUND. */
  String status() {
    String own = job.error() != null ? "ERROR" : job.status() != null ? job.status() : null;
    if (comparison == null) {
      return own != null ? own : "none".equals(job.unit()) ? "PROBED" : "FOUND";
    }
    BaselineGate.Verdict v = comparison.verdict();
    return v == BaselineGate.Verdict.NEW && own != null ? "NEW, " + own : v.name();
  }

  /** "2.5 QPS", "4 replicas", "QPS up to 2" (isoqps), or "none". */
  String valueText() {
    return value == null ? "none" : text(value, BaselineGate.unit(job));
  }

  String baselineText() {
    return comparison == null || comparison.baseline() == null ? "" : Numbers.format(comparison.baseline());
  }

  String changeText() {
    return comparison == null || comparison.baseline() == null || comparison.current() == null
        ? "" : String.format(java.util.Locale.ROOT, "%+.2f%%", comparison.changePercent());
  }

  static String text(double v, String unit) {
    return switch (unit) {
      case "replicas" -> Numbers.format(v) + " replicas";
      case "isoqps" -> "QPS up to " + Numbers.format(v);
      default -> Numbers.format(v) + " QPS";
    };
  }
}
