package dev.capacity.simulator.batching;

import dev.capacity.simulator.engine.Request;
import dev.capacity.simulator.kvcache.KvCacheManager;

/**
 * Sarathi-Serve chunked prefill as in upstream Vidur (reference §3.4): each iteration first serves every
 * running decode (one token each, oldest first; when no KV block is left the newest running request is
 * restarted), then continues partial prefills, then admits new requests, all prefill chunks sharing the
 * budget {@code chunk_size} minus the tokens already in the batch. A new request is admitted only if its
 * whole prompt's blocks leave the watermark free; its prompt blocks are allocated at admission. Works with
 * pipeline parallelism: a micro-batch holds at most cap / stages requests, and requests in flight in
 * another stage are skipped.
 */
final class SarathiScheduler implements ReplicaScheduler {
  private final KvCacheManager kv;
  private final RequestQueue queue;
  private final RunningList running = new RunningList();
  private final int chunkSize;
  private final int batchSizeCap;
  private final int maxMicroBatch;
  private final int watermarkBlocks;
  private final int blockSize;

  SarathiScheduler(SchedulerSettings s) {
    this.kv = s.kvCache();
    this.queue = s.queue();
    this.chunkSize = s.chunkSize();
    this.batchSizeCap = s.batchSizeCap();
    this.maxMicroBatch = Math.max(1, s.batchSizeCap() / s.numStages());
    this.watermarkBlocks = (int) (s.watermarkFraction() * kv.numBlocks());
    this.blockSize = kv.blockSize();
  }

  @Override
  public void add(Request request) {
    queue.push(request);
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
      boolean keep = true;
      while (!kv.allocate(r.id(), r.processedTokens(), 1, 0, r.hashStart(), r.hashCount())) {
        int victimIndex = lastIdle(i);
        if (victimIndex > i) {
          preempt(victimIndex);
        } else {
          preempt(i);
          keep = false;
          break;
        }
      }
      if (keep) {
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
    while (!queue.isEmpty() && running.size() < batchSizeCap && out.size() < maxMicroBatch) {
      int room = chunkSize - out.numTokens();
      if (room <= 0) {
        break;
      }
      Request h = queue.peek();
      int prompt = h.prefillTokens();
      int hits = kv.lookupHits(h.id(), h.hashStart(), h.hashCount(), (prompt - 1) / blockSize);
      int cached = hits * blockSize;
      int needBlocks = (prompt + blockSize - 1) / blockSize - hits;
      if (kv.numFreeBlocks() - needBlocks < watermarkBlocks
          || !kv.allocate(h.id(), 0, prompt - cached, hits, h.hashStart(), h.hashCount())) {
        break;
      }
      queue.pop();
      running.add(h);
      h.onCacheHit(cached);
      kv.recordAdmission(prompt, cached);
      out.add(h, Math.min(prompt - cached, room));
    }
  }

  private int lastIdle(int from) {
    for (int j = running.size() - 1; j > from; j--) {
      if (!running.get(j).isInFlight()) {
        return j;
      }
    }
    return from;
  }

  private void preempt(int index) {
    Request victim = running.remove(index);
    kv.free(victim.id());
    victim.restart();
    queue.push(victim);
  }

  @Override
  public void onBatchEnd(Batch batch) {
    running.removeCompleted(kv);
  }

  @Override
  public int numWaiting() {
    return queue.size();
  }

  @Override
  public int numRunning() {
    return running.size();
  }

  public static final class Provider implements ReplicaSchedulerProvider {
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
