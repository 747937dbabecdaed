package dev.capacity.plugin.study;

/** One {@code slos[]} entry: a request metric (seconds, or seconds per token) and its bound. */
public record Slo(String metric, YamlNumber value, Location at) {}
