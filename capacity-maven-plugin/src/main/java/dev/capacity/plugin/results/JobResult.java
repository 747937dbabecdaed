package dev.capacity.plugin.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One job of the grid and what its search found.
 *
 * @param numRequests the {@code num_requests} the search config asked for per probe
 * @param requestsArrived how many requests were actually simulated, when fewer than asked arrived
 *     before the time limit: those of the probe at the capacity found, else the most of any probe
 *     that ran to its end; null (and absent from results.json) when all asked arrived or no probe
 *     ran to its end
 * @param capacity max QPS (search_for qps), min replicas (num_replicas), or null (isoqps, failed, or
 *     nothing passed); always a point that was simulated and passed
 * @param unit "qps", "replicas" or "none"
 * @param error why the search could not run, or null
 * @param status {@code NOT_FOUND} or {@code BELOW_MIN_QPS} when a search ended without a capacity, else
 *     null and left out of results.json, so the results of searches that found one read as before
 * @param statusReason with {@code status}: what was simulated and still fails, for people
 */
public record JobResult(
    int index,
    String key,
    String hash,
    String model,
    String trace,
    String cluster,
    String router,
    String requestQueue,
    String replicaScheduler,
    String slo,
    int tp,
    int pp,
    int batchSize,
    String searchFor,
    int numRequests,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer requestsArrived,
    Double capacity,
    String unit,
    String stopReason,
    List<ProbeSummary> probes,
    String error,
    @JsonInclude(JsonInclude.Include.NON_NULL) String status,
    @JsonInclude(JsonInclude.Include.NON_NULL) String statusReason) {

  /** A result with a capacity, or failed: no status. */
  public JobResult(int index, String key, String hash, String model, String trace, String cluster,
      String router, String requestQueue, String replicaScheduler, String slo, int tp, int pp,
      int batchSize, String searchFor, int numRequests, Double capacity, String unit, String stopReason,
      List<ProbeSummary> probes, String error) {
    this(index, key, hash, model, trace, cluster, router, requestQueue, replicaScheduler, slo, tp, pp,
        batchSize, searchFor, numRequests, null, capacity, unit, stopReason, probes, error, null, null);
  }

  /** The same result at another position of the grid (a shard's jobs carry their grid index). */
  public JobResult withIndex(int gridIndex) {
    return new JobResult(gridIndex, key, hash, model, trace, cluster, router, requestQueue, replicaScheduler,
        slo, tp, pp, batchSize, searchFor, numRequests, requestsArrived, capacity, unit, stopReason, probes, error,
        status, statusReason);
  }

  /** Higher capacity is better for QPS searches; fewer replicas is better for replica searches. */
  public boolean higherIsBetter() {
    return !"replicas".equals(unit);
  }
}
