package dev.capacity.simulator.batching;

import dev.capacity.simulator.engine.Request;
import dev.capacity.simulator.kvcache.KvCacheManager;

/**
 * vLLM v1 chunked prefill (reference §3.2): one token budget per iteration shared by decodes and prefill
 * chunks; running requests first, in admission order, preempting the most recently admitted when KV
 * blocks run out; then waiting requests, head of line only, with prefix-cache hits taken at admission.
 * Hits are capped so that at least one prompt token is computed (fixes the reference's H4).
 */
final class VllmV1Scheduler extends QueuedScheduler {
  private final KvCacheManager kv;
  private final RequestQueue queue;
  private final int chunkSize;
  private final int batchSizeCap;
  private final int blockSize;

  VllmV1Scheduler(SchedulerSettings settings) {
    super(settings);
    this.kv = s.kv;
    this.queue = s.queue;
    this.chunkSize = settings.chunkSize();
    this.batchSizeCap = settings.batchSizeCap();
    this.blockSize = s.blockSize;
  }

  @Override
  public void nextBatch(Batch out) {
    int budget = chunkSize;
    boolean preempted = false;
    int i = 0;
    running:
    while (i < running.size() && budget > 0) {
      Request r = running.get(i);
      int tokens = r.isPrefillComplete() ? 1 : Math.min(r.remainingPrefill(), budget);
      while (!kv.allocate(r.id(), r.processedTokens(), tokens, 0, r.hashStart(), r.hashCount())) {
        int last = running.size() - 1;
        s.preempt(last);
        preempted = true;
        if (last == i) {
          break running;
        }
      }
      out.add(r, tokens);
      budget -= tokens;
      i++;
    }
    if (preempted) {
      return;
    }
    while (budget > 0 && !queue.isEmpty() && running.size() < batchSizeCap) {
      Request h = queue.peek();
      int prompt = h.prefillTokens();
      int hits = s.lookupHits(h);
      int cached = hits * blockSize;
      int tokens = Math.min(prompt - cached, budget);
      if (!kv.allocate(h.id(), 0, tokens, hits, h.hashStart(), h.hashCount())) {
        break;
      }
      s.admit(h, hits);
      out.add(h, tokens);
      budget -= tokens;
    }
  }

  /** Registered through META-INF/services like any user-written scheduler. */
  @Override
  public boolean repeatsDecodeBatches() {
    return true;
  }

  public static final class Provider implements ReplicaSchedulerProvider {
    @Override
    public boolean supportsDisaggregation() {
      return true;
    }

    @Override
    public String name() {
      return "vllm_v1";
    }

    @Override
    public ReplicaScheduler create(SchedulerSettings settings) {
      return new VllmV1Scheduler(settings);
    }

    @Override
    public boolean supportsPipelineParallel() {
      return false;
    }
  }
}
