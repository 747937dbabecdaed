package dev.capacity.simulator.batching;

import dev.capacity.simulator.engine.Request;

/**
 * vLLM v0 as in upstream Vidur (reference §3.4). Prefill first: a batch of whole prompts (no chunking) taken
 * from the queue head while (i) the prompt's blocks leave the watermark free, (ii) the padded batch size,
 * requests × longest prompt, stays within {@code max_tokens_in_batch}, (iii) fewer than
 * {@code batch_size_cap} requests are running and (iv) the micro-batch holds fewer than cap / stages. Only
 * when no prefill could be formed: a decode batch of the running requests, oldest arrival first, each
 * allocating at most one block; when none is left the newest running request (not in flight) is restarted
 * and requeued, or the request itself when no such victim remains.
 *
 * <p>Deviation: a prompt longer than {@code max_tokens_in_batch} is admitted alone into an otherwise
 * empty prefill batch (upstream could never schedule it and stalled the replica). Prefix-cache hits are
 * taken at admission as in vllm_v1, so a prompt's new tokens are P minus its hit; the padded-size rule
 * counts new tokens. The watermark is not applied on a replica with nothing running, so a prompt that
 * fits the KV cache but not under the watermark cannot stall an idle replica.
 */
final class VllmScheduler extends QueuedScheduler {
  private final int batchSizeCap;
  private final int maxMicroBatch;
  private final int maxTokensInBatch;
  private final int watermarkBlocks;
  private final int blockSize;

  VllmScheduler(SchedulerSettings settings) {
    super(settings);
    this.batchSizeCap = settings.batchSizeCap();
    this.maxMicroBatch = SchedulerSupport.maxMicroBatch(settings);
    this.maxTokensInBatch = settings.maxTokensInBatch();
    this.watermarkBlocks = (int) (settings.watermarkFraction() * s.kv.numBlocks());
    this.blockSize = s.blockSize;
  }

  @Override
  public void nextBatch(Batch out) {
    int longest = 0;
    while (!s.queue.isEmpty() && running.size() < batchSizeCap && out.size() < maxMicroBatch) {
      Request h = s.queue.peek();
      int prompt = h.prefillTokens();
      int hits = s.lookupHits(h);
      int tokens = prompt - hits * blockSize;
      int padded = (out.size() + 1) * Math.max(longest, tokens);
      if (padded > maxTokensInBatch && !out.isEmpty()) {
        break;
      }
      int needBlocks = (prompt + blockSize - 1) / blockSize - hits;
      boolean idle = running.size() == 0;
      if ((!idle && s.kv.numFreeBlocks() - needBlocks < watermarkBlocks)
          || !s.kv.allocate(h.id(), 0, tokens, hits, h.hashStart(), h.hashCount())) {
        break;
      }
      s.admit(h, hits);
      out.add(h, tokens);
      longest = Math.max(longest, tokens);
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
      return "vllm";
    }

    @Override
    public ReplicaScheduler create(SchedulerSettings settings) {
      return new VllmScheduler(settings);
    }
  }
}
