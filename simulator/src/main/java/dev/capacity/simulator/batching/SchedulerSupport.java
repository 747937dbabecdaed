package dev.capacity.simulator.batching;

import dev.capacity.simulator.engine.Request;
import dev.capacity.simulator.kvcache.KvCacheManager;

/**
 * What the replica schedulers share: the replica's KV cache, its waiting queue and the running list, plus
 * admission with prefix-cache hits and vLLM-style preemption by recompute. One instance per scheduler.
 */
final class SchedulerSupport {
  final KvCacheManager kv;
  final RequestQueue queue;
  final RunningList running = new RunningList();
  final int blockSize;

  SchedulerSupport(SchedulerSettings s) {
    this.kv = s.kvCache();
    this.queue = s.queue();
    this.blockSize = kv.blockSize();
  }

  /** Micro-batch cap of a pipeline-parallel replica: cap / stages, at least 1. */
  static int maxMicroBatch(SchedulerSettings s) {
    return Math.max(1, s.batchSizeCap() / s.numStages());
  }

  /**
   * Looks up the prefix-cache hit blocks for admitting {@code h} (kept by the KV cache for the next
   * allocate call). Capped at (P - 1) / blockSize blocks, so at least one prompt token is computed
   * (the reference's H4 fixed).
   */
  int lookupHits(Request h) {
    return kv.lookupHits(h.hashStart(), h.hashCount(), (h.prefillTokens() - 1) / blockSize);
  }

  /**
   * Completes the admission of the queue head {@code h}, whose KV slots were just allocated with
   * {@code hits} hit blocks: pops it, appends it to the running list, takes the hit and records it for the
   * replica's hit ratio.
   */
  void admit(Request h, int hits) {
    Request popped = queue.pop();
    if (popped != h) {
      throw new IllegalStateException("admitted " + h + " but the queue head was " + popped);
    }
    running.add(h);
    int cached = hits * blockSize;
    h.onCacheHit(cached);
    kv.recordAdmission(h.prefillTokens(), cached);
  }

  /** Preempts by recompute: removes running request {@code index}, frees its blocks, restarts it, requeues it. */
  void preempt(int index) {
    Request victim = running.remove(index);
    kv.free(victim.id());
    victim.restart();
    queue.push(victim);
  }

  /** Index of the newest running request after {@code from} that is not in flight, or {@code from}. */
  int lastIdleAfter(int from) {
    for (int j = running.size() - 1; j > from; j--) {
      if (!running.get(j).isInFlight()) {
        return j;
      }
    }
    return from;
  }

  /**
   * Allocates the KV slot of one decode token for running request {@code i}; while none is free, preempts
   * the newest running request after it that is not in flight, or, when there is none, the request itself
   * (vLLM v0 / Sarathi victim rule, reference §3.4). Returns false if request {@code i} was preempted (it is
   * then no longer at index {@code i}).
   */
  boolean allocateDecodeOrPreempt(int i) {
    Request r = running.get(i);
    while (!kv.allocate(r.id(), r.processedTokens(), 1, 0, r.hashStart(), r.hashCount())) {
      int victim = lastIdleAfter(i);
      preempt(victim);
      if (victim == i) {
        return false;
      }
    }
    return true;
  }

  /**
   * For schedulers that reserved a request's whole sequence at admission: registers the hashes of blocks
   * that {@code tokens} more scheduled tokens fill. Never needs a block.
   */
  void registerReserved(Request r, int tokens) {
    if (!kv.allocate(r.id(), r.processedTokens(), tokens, 0, r.hashStart(), r.hashCount())) {
      throw new IllegalStateException("request " + r + " outgrew its KV reservation");
    }
  }

  /** Frees and drops completed running requests. */
  void removeCompleted() {
    running.removeCompleted(kv);
  }
}
