package dev.capacity.simulator.batching;

import dev.capacity.simulator.kvcache.KvCacheManager;

/**
 * What a replica scheduler is built from: its replica's KV cache and waiting queue, and the batching
 * limits of the cluster-wide replica scheduler configuration.
 *
 * @param chunkSize per-iteration token budget (vllm_v1, sarathi)
 * @param batchSizeCap max running requests
 * @param maxTokensInBatch vLLM v0 padded-token limit per prefill batch; lightllm's new-token limit
 * @param numStages pipeline stages of the replica
 * @param watermarkFraction fraction of KV blocks kept free when admitting (vllm, sarathi)
 * @param maxTokensPerRequest the workload's longest request (upstream's orca/faster_transformer reserved
 *     this much per request; the built-in ones reserve each request's own P + D instead)
 */
public record SchedulerSettings(
    int replicaId,
    KvCacheManager kvCache,
    RequestQueue queue,
    int chunkSize,
    int batchSizeCap,
    int maxTokensInBatch,
    int numStages,
    double watermarkFraction,
    int maxTokensPerRequest) {}
