package dev.capacity.simulator.routing;

import java.util.Map;

/**
 * What a router is built from.
 *
 * @param params the router's own YAML parameters (e.g. {@code top_k}, {@code tolerance_factor})
 * @param random the router's seeded random stream, for tie-breaks
 */
public record RouterContext(ClusterView cluster, RouterRandom random, Map<String, Object> params) {
  public int numReplicas() {
    return cluster.numReplicas();
  }

  /** A numeric parameter, or {@code fallback} when absent. */
  public double doubleParam(String key, double fallback) {
    Object v = params.get(key);
    return v == null ? fallback : ((Number) v).doubleValue();
  }

  public int intParam(String key, int fallback) {
    Object v = params.get(key);
    return v == null ? fallback : ((Number) v).intValue();
  }
}
