package dev.capacity.simulator.batching;

import dev.capacity.simulator.engine.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * FasterTransformer static batching as in upstream Vidur (reference §3.4). A static batch of up to
 * cap / stages queue heads is formed, each reserving KV blocks for its whole sequence (P + D tokens) at
 * admission; the batch is then re-run, first prefilling the whole prompts, then one decode token per
 * unfinished member per iteration, until every member has finished. Finished members drop out of the
 * iterations (as upstream; real FasterTransformer would keep computing padding) but keep their memory,
 * which is freed only when the whole static batch completes. No request joins a static batch once formed.
 *
 * <p>With one pipeline stage no new request is admitted while a static batch runs. With S stages up to S
 * static batches are alive at once, one per pipeline slot (upstream's behaviour), and a new one is formed
 * only when fewer than S are alive. Like orca, a request reserves its own P + D rather than the workload's
 * global maximum. Prefix-cache hits are taken at admission as in vllm_v1.
 */
final class FasterTransformerScheduler extends QueuedScheduler {
  private final int batchSizeCap;
  private final int maxMicroBatch;
  private final int numStages;
  private final int blockSize;
  /** Alive static batches, oldest first; each holds its members in admission order. */
  private final List<List<Request>> staticBatches = new ArrayList<>();

  FasterTransformerScheduler(SchedulerSettings settings) {
    super(settings);
    this.batchSizeCap = settings.batchSizeCap();
    this.maxMicroBatch = SchedulerSupport.maxMicroBatch(settings);
    this.numStages = settings.numStages();
    this.blockSize = s.blockSize;
  }

  @Override
  public void nextBatch(Batch out) {
    for (List<Request> members : staticBatches) {
      if (!inFlight(members)) {
        for (Request r : members) {
          if (!r.isCompleted()) {
            int tokens = r.isPrefillComplete() ? 1 : r.remainingPrefill();
            s.registerReserved(r, tokens);
            out.add(r, tokens);
          }
        }
        return;
      }
    }
    if (staticBatches.size() >= numStages) {
      return;
    }
    List<Request> members = new ArrayList<>();
    while (!s.queue.isEmpty() && s.running.size() < batchSizeCap && members.size() < maxMicroBatch) {
      Request h = s.queue.peek();
      int hits = s.lookupHits(h);
      int tokens = h.prefillTokens() - hits * blockSize;
      if (!s.kv.allocate(h.id(), 0, tokens, hits, h.hashStart(), h.hashCount(), h.totalTokens())) {
        break;
      }
      s.admit(h, hits);
      members.add(h);
      out.add(h, tokens);
    }
    if (!members.isEmpty()) {
      staticBatches.add(members);
    }
  }

  private static boolean inFlight(List<Request> members) {
    for (Request r : members) {
      if (r.isInFlight()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void onBatchEnd(Batch batch) {
    for (int b = staticBatches.size() - 1; b >= 0; b--) {
      List<Request> members = staticBatches.get(b);
      boolean done = true;
      for (Request r : members) {
        done &= r.isCompleted();
      }
      if (done) {
        staticBatches.remove(b);
        for (Request r : members) {
          s.kv.free(r.id());
          s.running.remove(r);
        }
      }
    }
  }

  public static final class Provider implements ReplicaSchedulerProvider {
    @Override
    public String name() {
      return "faster_transformer";
    }

    @Override
    public ReplicaScheduler create(SchedulerSettings settings) {
      return new FasterTransformerScheduler(settings);
    }
  }
}
