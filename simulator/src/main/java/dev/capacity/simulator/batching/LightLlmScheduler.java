package dev.capacity.simulator.batching;

import dev.capacity.simulator.engine.Request;

/**
 * LightLLM's router, which the Vidur reference does not have; modelled here after LightLLM's
 * {@code ReqQueue}/router loop. Admission is conservative and token-based: a queue head is admitted only if
 * the estimated peak KV usage of all running requests plus it fits the KV capacity, where each request
 * needs its prompt plus its maximum new tokens — P + D here, since a simulated request's output length is
 * known. Because that peak can always be reached, a running request never lacks memory and nothing is
 * ever preempted. Prefill batches of newly admitted requests (whole prompts) and decode batches alternate
 * as in vLLM v0: a prefill batch whenever a request can be admitted, otherwise one decode step of every
 * running request not in flight.
 *
 * <p>Modelling choices: LightLLM's KV cache is token-granular; this simulator's is paged, so the estimate
 * is kept in blocks — each request counts ⌈(P + D) / block_size⌉ blocks plus the blocks one allocation may
 * preallocate, less what it already owns, against the free blocks (free includes evictable cached blocks,
 * and hit blocks a running request already holds cost nothing). Memory itself is allocated lazily as
 * tokens are scheduled, unlike orca's reservation, so unused capacity keeps serving prefix-cache hits.
 * A prefill batch is limited by {@code batch_size_cap}, cap / stages per micro-batch and
 * {@code max_tokens_in_batch} new prompt tokens (LightLLM's {@code batch_max_tokens}; a longer prompt is
 * admitted alone). LightLLM's {@code router_max_wait_tokens} (decode steps between prefill attempts) is
 * not modelled: a prefill is attempted before every iteration, like vLLM v0. Prefix-cache hits are taken at
 * admission as in vllm_v1.
 */
final class LightLlmScheduler extends QueuedScheduler {
  private final int batchSizeCap;
  private final int maxMicroBatch;
  private final int maxTokensInBatch;
  private final int blockSize;
  private final int preallocateBlocks;

  LightLlmScheduler(SchedulerSettings settings) {
    super(settings);
    this.batchSizeCap = settings.batchSizeCap();
    this.maxMicroBatch = SchedulerSupport.maxMicroBatch(settings);
    this.maxTokensInBatch = settings.maxTokensInBatch();
    this.blockSize = s.blockSize;
    this.preallocateBlocks = s.kv.preallocateBlocks();
  }

  /** Blocks a request may hold at its peak: its whole sequence plus one allocation's preallocation. */
  private int peakBlocks(Request r) {
    return (r.totalTokens() + blockSize - 1) / blockSize + preallocateBlocks;
  }

  /** Blocks the running requests may still take before their peaks. */
  private int stillNeeded() {
    int sum = 0;
    for (int i = 0; i < running.size(); i++) {
      Request r = running.get(i);
      sum += Math.max(0, peakBlocks(r) - s.kv.ownedBlocks(r.id()));
    }
    return sum;
  }

  @Override
  public void nextBatch(Batch out) {
    int reserved = s.queue.isEmpty() ? 0 : stillNeeded();
    while (!s.queue.isEmpty() && running.size() < batchSizeCap && out.size() < maxMicroBatch) {
      Request h = s.queue.peek();
      int hits = s.lookupHits(h);
      int tokens = h.prefillTokens() - hits * blockSize;
      if (!out.isEmpty() && out.numTokens() + tokens > maxTokensInBatch) {
        break;
      }
      // after taking its hits (evictable ones leave the free queue) h may still take peak - hits blocks
      int free = s.kv.numFreeBlocks() - s.kv.evictableHits(hits);
      // an idle replica admits anything whose sequence fits at all (the engine rejected the rest), even
      // if the preallocation slack would not fit: no other request can then lack memory
      int need = (running.size() == 0 ? (h.totalTokens() + blockSize - 1) / blockSize : peakBlocks(h)) - hits;
      if (free - reserved < need
          || !s.kv.allocate(h.id(), 0, tokens, hits, h.hashStart(), h.hashCount())) {
        break;
      }
      s.admit(h, hits);
      reserved += Math.max(0, peakBlocks(h) - s.kv.ownedBlocks(h.id()));
      out.add(h, tokens);
    }
    if (!out.isEmpty()) {
      return;
    }
    running.sortByArrival();
    for (int i = 0; i < running.size() && out.size() < maxMicroBatch; ) {
      Request r = running.get(i);
      if (r.isInFlight() || !r.isPrefillComplete()) {
        i++;
        continue;
      }
      // admission guarantees the block; the victim rule is only a safety net and never fires
      if (s.allocateDecodeOrPreempt(i)) {
        out.add(r, 1);
        i++;
      }
    }
  }

  public static final class Provider implements ReplicaSchedulerProvider {
    @Override
    public boolean supportsDisaggregation() {
      return true;
    }

    @Override
    public String name() {
      return "lightllm";
    }

    @Override
    public ReplicaScheduler create(SchedulerSettings settings) {
      return new LightLlmScheduler(settings);
    }
  }
}
