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
    double timeLimitSeconds) {}
