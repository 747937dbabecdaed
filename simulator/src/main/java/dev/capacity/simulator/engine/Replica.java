package dev.capacity.simulator.engine;

import dev.capacity.simulator.batching.Batch;
import dev.capacity.simulator.batching.ReplicaScheduler;
import dev.capacity.simulator.kvcache.KvCacheManager;
import dev.capacity.simulator.routing.Router;
import dev.capacity.simulator.timing.ExecutionTimeModel;
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
  /** The router of this replica's pool, and this replica's index in that pool (its id when colocated). */
  Router router;
  final int localId;
  final ExecutionTimeModel timing;
  /** Disaggregated layouts: this replica only prefills (it hands requests over at their first token). */
  final boolean prefillOnly;
  /** Disaggregated decode replicas: requests routed here waiting for KV blocks, in order (head first). */
  Request[] admissionQueue;
  int admissionHead;
  int admissionSize;
  /** Decode replicas: requests whose blocks are taken here and whose KV cache is on its way. */
  int inTransfer;
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
  Replica(int id, ReplicaScheduler scheduler, KvCacheManager kv, int numStages, Router router, int localId,
      ExecutionTimeModel timing, boolean prefillOnly) {
    this.id = id;
    this.router = router;
    this.localId = localId;
    this.timing = timing;
    this.prefillOnly = prefillOnly;
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

  void enqueueAdmission(Request r) {
    if (admissionQueue == null) {
      admissionQueue = new Request[16];
    } else if (admissionSize == admissionQueue.length) {
      Request[] grown = new Request[admissionSize * 2];
      for (int i = 0; i < admissionSize; i++) {
        grown[i] = admissionQueue[(admissionHead + i) % admissionSize];
      }
      admissionQueue = grown;
      admissionHead = 0;
    }
    admissionQueue[(admissionHead + admissionSize++) % admissionQueue.length] = r;
  }

  Request peekAdmission() {
    return admissionSize == 0 ? null : admissionQueue[admissionHead];
  }

  void popAdmission() {
    admissionQueue[admissionHead] = null;
    admissionHead = (admissionHead + 1) % admissionQueue.length;
    admissionSize--;
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
