package dev.capacity.simulator.engine;

import dev.capacity.simulator.batching.Batch;
import dev.capacity.simulator.batching.ReplicaScheduler;
import dev.capacity.simulator.kvcache.KvCacheManager;
import java.util.ArrayDeque;

/** One replica's runtime state: its scheduler, KV cache and pipeline stages. */
final class Replica {
  final int id;
  final ReplicaScheduler scheduler;
  final KvCacheManager kv;
  final int numStages;
  final ArrayDeque<Batch>[] stageQueue;
  final Batch[] stageBatch;
  final double[] stageSeconds;
  final ArrayDeque<Batch> pool = new ArrayDeque<>();
  int batchesInFlight;
  boolean schedulePending;
  double lastFirstScheduledArrival;

  double busySeconds;
  long numBatches;
  long numTokens;
  int maxUsedBlocks;
  double usedBlocksIntegral;
  double lastUsageTime;

  @SuppressWarnings("unchecked")
  Replica(int id, ReplicaScheduler scheduler, KvCacheManager kv, int numStages) {
    this.id = id;
    this.scheduler = scheduler;
    this.kv = kv;
    this.numStages = numStages;
    this.stageQueue = new ArrayDeque[numStages];
    for (int s = 0; s < numStages; s++) {
      stageQueue[s] = new ArrayDeque<>();
    }
    this.stageBatch = new Batch[numStages];
    this.stageSeconds = new double[numStages];
  }

  Batch takeBatch() {
    Batch b = pool.poll();
    if (b == null) {
      b = new Batch();
    }
    b.clear();
    return b;
  }

  /** Integrates KV usage up to {@code now} before it changes. */
  void sampleUsage(double now) {
    int used = kv.numUsedBlocks();
    usedBlocksIntegral += used * (now - lastUsageTime);
    lastUsageTime = now;
    if (used > maxUsedBlocks) {
      maxUsedBlocks = used;
    }
  }
}
