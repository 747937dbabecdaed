package dev.capacity.plugin.search;

/** Why a search ended. */
public enum StopReason {
  /** Bounds closed in: the QPS interval is below the granularity, or replicas left > right. */
  CONVERGED,
  /** The QPS upper bound fell below min_qps. */
  BELOW_MIN_QPS,
  /** max_iterations loop turns used (expansion and bisection turns alike). */
  MAX_ITERATIONS,
  /** isoqps: every multiplier probed. */
  ALL_PROBED
}
