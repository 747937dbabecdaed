package dev.capacity.simulator.metrics;

/**
 * What a finished simulation offers to whoever judges it (an SLO check, a report). Per-request metric
 * values use the column names of {@code request_metrics.csv} (for example {@code prefill_e2e_time},
 * {@code decode_time_execution_plus_preemption_normalized}, {@code request_e2e_time}).
 */
public interface SimulationResult {
  /** Requests generated for the simulation (finished or not). */
  int numRequests();

  /** Requests that did not complete before the time limit (or were rejected as never fitting). */
  int numUnfinished();

  /**
   * Values of one metric for the completed requests, in request-id order. Throws
   * IllegalArgumentException naming the allowed metrics when {@code metric} is unknown.
   */
  double[] completedMetric(String metric);
}
