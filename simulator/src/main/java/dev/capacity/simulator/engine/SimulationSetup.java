package dev.capacity.simulator.engine;

import dev.capacity.simulator.batching.ReplicaSchedulerProvider;
import dev.capacity.simulator.routing.RouterProvider;
import dev.capacity.simulator.timing.ExecutionTimeModel;
import java.util.Map;

/**
 * Everything one simulation runs on, already resolved: models, tables and workload built, names looked
 * up. {@link dev.capacity.simulator.Simulator} builds it from a configuration; tests build it by hand.
 *
 * @param timeLimitSeconds simulated seconds; 0 means unlimited
 * @param sloPrefillE2eTimeNormalized seconds per prompt token for EDF deadlines; 0 means none
 * @param apiServerInputSeconds API-server time of each request before the engine sees it (parsing,
 *     tokenisation): added to its TTFT and E2E
 * @param apiServerOutputSeconds API-server time after its last token (detokenisation, streaming): added
 *     to its E2E
 * @param disaggregation the prefill and decode pools of a disaggregated layout, or null (colocated): then
 *     {@code numReplicas} is P + D and each pool's own router, timing and KV capacity replace
 *     {@code router}, {@code timing} and {@code kvBlocksPerReplica}
 * @param kvTiers KV-cache tiers below GPU memory, or null (GPU only)
 */
public record SimulationSetup(
    RequestArrays requests,
    int numReplicas,
    int numStages,
    int kvBlocksPerReplica,
    int blockSize,
    boolean prefixCaching,
    int preallocateTokens,
    ReplicaSchedulerProvider replicaScheduler,
    int chunkSize,
    int batchSizeCap,
    int maxTokensInBatch,
    double watermarkFraction,
    String requestQueue,
    double sloPrefillE2eTimeNormalized,
    RouterProvider router,
    Map<String, Object> routerParams,
    long seed,
    ExecutionTimeModel timing,
    double timeLimitSeconds,
    double apiServerInputSeconds,
    double apiServerOutputSeconds,
    DisaggregatedSetup disaggregation,
    KvTierSetup kvTiers) {

  /** The same setup with KV-cache tiers below GPU memory (null: none). */
  public SimulationSetup withKvTiers(KvTierSetup t) {
    return new SimulationSetup(requests, numReplicas, numStages, kvBlocksPerReplica, blockSize, prefixCaching,
        preallocateTokens, replicaScheduler, chunkSize, batchSizeCap, maxTokensInBatch, watermarkFraction,
        requestQueue, sloPrefillE2eTimeNormalized, router, routerParams, seed, timing, timeLimitSeconds,
        apiServerInputSeconds, apiServerOutputSeconds, disaggregation, t);
  }

  /** The same setup run disaggregated: {@code numReplicas} becomes P + D; router and timing are per pool. */
  public SimulationSetup withDisaggregation(DisaggregatedSetup d) {
    return new SimulationSetup(requests, d.prefillReplicas() + d.decodeReplicas(), numStages, kvBlocksPerReplica,
        blockSize, prefixCaching, preallocateTokens, replicaScheduler, chunkSize, batchSizeCap, maxTokensInBatch,
        watermarkFraction, requestQueue, sloPrefillE2eTimeNormalized, router, routerParams, seed, timing,
        timeLimitSeconds, apiServerInputSeconds, apiServerOutputSeconds, d, kvTiers);
  }

  /** Colocated, without API-server time: the in-process engine. */
  public SimulationSetup(
      RequestArrays requests,
      int numReplicas,
      int numStages,
      int kvBlocksPerReplica,
      int blockSize,
      boolean prefixCaching,
      int preallocateTokens,
      ReplicaSchedulerProvider replicaScheduler,
      int chunkSize,
      int batchSizeCap,
      int maxTokensInBatch,
      double watermarkFraction,
      String requestQueue,
      double sloPrefillE2eTimeNormalized,
      RouterProvider router,
      Map<String, Object> routerParams,
      long seed,
      ExecutionTimeModel timing,
      double timeLimitSeconds) {
    this(requests, numReplicas, numStages, kvBlocksPerReplica, blockSize, prefixCaching, preallocateTokens,
        replicaScheduler, chunkSize, batchSizeCap, maxTokensInBatch, watermarkFraction, requestQueue,
        sloPrefillE2eTimeNormalized, router, routerParams, seed, timing, timeLimitSeconds, 0.0, 0.0, null, null);
  }
}
