package dev.capacity.simulator.engine;

import dev.capacity.simulator.metrics.MetricsStore;

/**
 * Ends a simulation early once its outcome is certain, e.g. when enough requests have violated an SLO
 * that no later request can rescue the verdict. Checked after every request completion.
 */
@FunctionalInterface
public interface StopCondition {
  /** True to stop now; {@code requestId} just completed and its metrics are in {@code metrics}. */
  boolean stopAfterCompletion(MetricsStore metrics, int requestId);
}
