package dev.capacity.plugin.study;

/** A judged percentile for reports: the metric's value at the config's quantile, and its bound. */
public record MetricAtQuantile(String metric, double bound, double valueAtQuantile) {}
