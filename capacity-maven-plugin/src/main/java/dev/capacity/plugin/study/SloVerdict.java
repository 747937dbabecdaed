package dev.capacity.plugin.study;

import java.util.List;

/**
 * The judgement of one probe against one SLO config.
 *
 * @param passingFraction share of requests (unfinished ones failing) meeting the SLO(s) per request
 * @param metrics every SLO metric at the config's quantile, unfinished requests counted as +inf
 */
public record SloVerdict(String sloConfig, boolean passes, double passingFraction,
    List<MetricAtQuantile> metrics) {
  public SloVerdict {
    metrics = List.copyOf(metrics);
  }
}
