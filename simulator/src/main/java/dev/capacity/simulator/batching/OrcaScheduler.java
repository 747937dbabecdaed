package dev.capacity.simulator.batching;

import dev.capacity.simulator.engine.Request;

/**
 * Orca iteration-level batching as in upstream Vidur (reference §3.4). Each iteration runs every running
 * request not in flight (oldest arrival first, one token each once its prompt is done), then admits queue
 * heads with their whole prompt while fewer than {@code batch_size_cap} requests run, the micro-batch
 * holds fewer than cap / stages, and memory allows. At admission a request reserves KV blocks for its whole
 * sequence, so it can never run out later and nothing is ever preempted.
 *
 * <p>Deviation: upstream reserved {@code max_tokens / block_size} blocks per request, the workload's
 * global maximum; here each request reserves its own P + D tokens (its output length is known in a
 * simulation), which admits more requests into the same memory and is what an oracle-sized Orca would do.
 * Prefix-cache hits are taken at admission as in vllm_v1; the reserved blocks beyond the prompt get their
 * hashes only as their tokens are scheduled.
 */
final class OrcaScheduler extends QueuedScheduler {
  private final int batchSizeCap;
  private final int maxMicroBatch;
  private final int blockSize;

  OrcaScheduler(SchedulerSettings settings) {
    super(settings);
    this.batchSizeCap = settings.batchSizeCap();
    this.maxMicroBatch = SchedulerSupport.maxMicroBatch(settings);
    this.blockSize = s.blockSize;
  }

  @Override
  public void nextBatch(Batch out) {
    running.sortByArrival();
    for (int i = 0; i < running.size() && out.size() < maxMicroBatch; i++) {
      Request r = running.get(i);
      if (r.isInFlight()) {
        continue;
      }
      int tokens = r.isPrefillComplete() ? 1 : r.remainingPrefill();
      s.registerReserved(r, tokens);
      out.add(r, tokens);
    }
    while (!s.queue.isEmpty() && running.size() < batchSizeCap && out.size() < maxMicroBatch) {
      Request h = s.queue.peek();
      int hits = s.lookupHits(h);
      int tokens = h.prefillTokens() - hits * blockSize;
      if (!s.kv.allocate(h.id(), 0, tokens, hits, h.hashStart(), h.hashCount(), h.totalTokens())) {
        break;
      }
      s.admit(h, hits);
      out.add(h, tokens);
    }
  }

  public static final class Provider implements ReplicaSchedulerProvider {
    @Override
    public String name() {
      return "orca";
    }

    @Override
    public ReplicaScheduler create(SchedulerSettings settings) {
      return new OrcaScheduler(settings);
    }
  }
}
