package dev.capacity.plugin.search;

/** Answers whether a probe (one simulation at a replica count and QPS) meets the SLO. */
@FunctionalInterface
public interface ProbeOracle {
  boolean passes(int replicas, double qps);
}
