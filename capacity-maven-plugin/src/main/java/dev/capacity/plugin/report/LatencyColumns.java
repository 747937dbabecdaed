package dev.capacity.plugin.report;

import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.ProbeSummary;
import dev.capacity.plugin.study.MetricAtQuantile;
import java.util.ArrayList;
import java.util.List;

/**
 * The latency columns of a group's capacity table, at the group's own SLO quantile: "TTFT p90" when the
 * SLO judges at 0.9, read from the probe's percentiles (p50/p90/p99) or, for other quantiles, from the
 * judged value of that metric. A metric neither has at that quantile falls back to p99, saying so.
 */
final class LatencyColumns {
  private LatencyColumns() {}

  record Column(String header, String metric, String percentileKey, boolean judged) {
    /** The value at the capacity probe, or null. */
    Double value(ProbeSummary p) {
      if (p == null) {
        return null;
      }
      if (!judged) {
        return p.percentiles() == null ? null : p.percentiles().get(percentileKey);
      }
      if (p.judged() != null) {
        for (MetricAtQuantile m : p.judged()) {
          if (m.metric().equals(metric)) {
            return m.valueAtQuantile();
          }
        }
      }
      return null;
    }
  }

  static List<Column> of(JobGroups.Group group) {
    Double q = group.sloQuantile();
    List<Column> out = new ArrayList<>();
    for (String metric : QuantileTable.KEY_METRICS) {
      String name = Metrics.shortName(metric);
      if (q != null) {
        String key = Metrics.percentileKey(metric, q);
        if (group.jobs().stream().anyMatch(j -> hasPercentile(j, key))) {
          out.add(new Column(name + " " + Metrics.quantileLabel(q), metric, key, false));
          continue;
        }
        if (group.jobs().stream().anyMatch(j -> judges(j, metric))) {
          out.add(new Column(name + " " + Metrics.quantileLabel(q), metric, key, true));
          continue;
        }
      }
      out.add(new Column(name + " p99", metric, metric + "_p99", false));
    }
    return out;
  }

  private static boolean hasPercentile(JobResult j, String key) {
    return j.probes().stream().anyMatch(p -> p.percentiles() != null && p.percentiles().containsKey(key));
  }

  private static boolean judges(JobResult j, String metric) {
    return j.probes().stream().anyMatch(p -> p.judged() != null
        && p.judged().stream().anyMatch(m -> m.metric().equals(metric)));
  }
}
