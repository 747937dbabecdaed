package dev.capacity.simulator.batching;

import dev.capacity.simulator.engine.Request;

/**
 * Sarathi-Serve chunked prefill as in upstream Vidur (reference §3.4): each iteration first serves every
 * running decode (one token each, oldest first; when no KV block is left the newest running request is
 * restarted), then continues partial prefills, then admits new requests, all prefill chunks sharing the
 * budget {@code chunk_size} minus the tokens already in the batch. A new request is admitted only if its
 * whole prompt's blocks leave the watermark free; its prompt blocks are allocated at admission. Works with
 * pipeline parallelism: a micro-batch holds at most cap / stages requests, and requests in flight in
 * another stage are skipped.
 */
final class SarathiScheduler extends QueuedScheduler {
  private final int chunkSize;
  private final int batchSizeCap;
  private final int maxMicroBatch;
  private final int watermarkBlocks;
  private final int blockSize;

  SarathiScheduler(SchedulerSettings settings) {
    super(settings);
    this.chunkSize = settings.chunkSize();
    this.batchSizeCap = settings.batchSizeCap();
    this.maxMicroBatch = SchedulerSupport.maxMicroBatch(settings);
    this.watermarkBlocks = (int) (settings.watermarkFraction() * s.kv.numBlocks());
    this.blockSize = s.blockSize;
  }

  @Override
  public void nextBatch(Batch out) {
    running.sortByArrival();
    // 1. decodes
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
    // 2. partial prefills
    for (int i = 0; i < running.size() && out.size() < maxMicroBatch; i++) {
      Request r = running.get(i);
      if (r.isInFlight() || r.isPrefillComplete()) {
        continue;
      }
      int tokens = Math.min(r.remainingPrefill(), chunkSize - out.numTokens());
      if (tokens > 0) {
        out.add(r, tokens);
      }
    }
    // 3. new requests
    while (!s.queue.isEmpty() && running.size() < batchSizeCap && out.size() < maxMicroBatch) {
      int room = chunkSize - out.numTokens();
      if (room <= 0) {
        break;
      }
      Request h = s.queue.peek();
      int prompt = h.prefillTokens();
      int hits = s.lookupHits(h);
      int cached = hits * blockSize;
      int needBlocks = (prompt + blockSize - 1) / blockSize - hits;
      if (s.kv.numFreeBlocks() - needBlocks < watermarkBlocks
          || !s.kv.allocate(h.id(), 0, prompt - cached, hits, h.hashStart(), h.hashCount())) {
        break;
      }
      s.admit(h, hits);
      out.add(h, Math.min(prompt - cached, room));
    }
  }

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
      return "sarathi";
    }

    @Override
    public ReplicaScheduler create(SchedulerSettings settings) {
      return new SarathiScheduler(settings);
    }
  }
}
