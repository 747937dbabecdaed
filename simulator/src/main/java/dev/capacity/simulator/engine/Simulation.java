package dev.capacity.simulator.engine;

import dev.capacity.simulator.batching.Batch;
import dev.capacity.simulator.batching.RequestQueue;
import dev.capacity.simulator.batching.SchedulerCombinations;
import dev.capacity.simulator.batching.SchedulerSettings;
import dev.capacity.simulator.kvcache.KvCacheManager;
import dev.capacity.simulator.kvcache.KvTier;
import dev.capacity.simulator.metrics.BatchLog;
import dev.capacity.simulator.metrics.MetricsStore;
import dev.capacity.simulator.routing.ClusterView;
import dev.capacity.simulator.routing.Router;
import dev.capacity.simulator.routing.RouterContext;
import dev.capacity.simulator.routing.RouterRandom;
import dev.capacity.simulator.timing.BatchShape;
import dev.capacity.simulator.timing.ExecutionTimeModel;

/**
 * The discrete-event loop of one simulation (reference §1.3). Arrivals are pulled lazily from the
 * request arrays and run before any queued event at the same instant; batch-stage ends and replica
 * schedules go through an {@link EventQueue} ordered by (time, type, sequence).
 *
 * <p>Differences from the reference, for speed, that do not change results except in exact ties between
 * replicas: routing happens at arrival instead of in a separate global-schedule event (same decisions,
 * same order), and a batch's stage arrival, batch end, prefill end and request end are handled inline
 * rather than as separate events at the same instant.
 */
public final class Simulation implements ClusterView {
  private final SimulationSetup setup;
  private final RequestArrays requests;
  private final Replica[] replicas;
  private final Router router;
  /** Disaggregated layouts: the decode pool's router ({@link #router} is the prefill pool's); else null. */
  private final Router decodeRouter;
  private final DisaggregatedSetup disagg;
  /** First decode replica (P) in a disaggregated layout; the replica count when colocated. */
  private final int decodeOffset;
  private final EventQueue events = new EventQueue();
  private final MetricsStore metrics;
  private final BatchLog batchLog;
  private final Request[] byId;
  private final int blockSize;
  private final double timeLimit;
  private final double sloNormalized;
  /** KV-cache tiers below GPU memory: batches then carry the load time of their lower-tier hits. */
  private final boolean tiered;

  private double now;
  private boolean limitReached;
  private int nextArrival;
  private long numEvents;
  private boolean ran;
  private StopCondition stopCondition;
  private boolean fastForward = true;
  private boolean stoppedEarly;

  public Simulation(SimulationSetup setup) {
    SchedulerCombinations.check(
        setup.replicaScheduler().name(),
        setup.replicaScheduler(),
        setup.requestQueue(),
        setup.sloPrefillE2eTimeNormalized(),
        setup.numStages());
    this.setup = setup;
    this.requests = setup.requests();
    this.disagg = setup.disaggregation();
    this.blockSize = setup.blockSize();
    this.timeLimit = setup.timeLimitSeconds();
    this.sloNormalized = setup.sloPrefillE2eTimeNormalized();
    int n = requests.size();
    this.byId = new Request[n];
    this.metrics = new MetricsStore(n, setup.apiServerInputSeconds(), setup.apiServerOutputSeconds());
    if (disagg != null) {
      metrics.enableDisaggregated();
      if (!setup.replicaScheduler().supportsDisaggregation()) {
        throw new IllegalArgumentException("replica scheduler '" + setup.replicaScheduler().name()
            + "' cannot take prefilled requests on a decode replica (disaggregated layout); use vllm_v1,"
            + " vllm, sarathi or lightllm");
      }
    }
    this.decodeOffset = disagg == null ? setup.numReplicas() : disagg.prefillReplicas();
    this.batchLog = new BatchLog();
    int maxTokens = requests.maxTotalTokens();
    int numReplicas = disagg == null ? setup.numReplicas() : disagg.prefillReplicas() + disagg.decodeReplicas();
    this.replicas = new Replica[numReplicas];
    KvTierSetup tiers = setup.kvTiers();
    this.tiered = tiers != null;
    KvTier pool = tiers != null && tiers.poolBlocks() > 0 ? new KvTier("pool", tiers.poolBlocks(), null) : null;
    for (int i = 0; i < replicas.length; i++) {
      boolean decodePool = i >= decodeOffset;
      KvCacheManager kv =
          new KvCacheManager(
              kvBlocks(i),
              blockSize,
              setup.prefixCaching(),
              setup.preallocateTokens(),
              requests.hashes(),
              n);
      if (tiers != null) {
        useTiers(kv, tiers, pool, decodePool);
      }
      SchedulerSettings settings =
          new SchedulerSettings(
              i,
              kv,
              RequestQueue.create(setup.requestQueue()),
              setup.chunkSize(),
              setup.batchSizeCap(),
              setup.maxTokensInBatch(),
              setup.numStages(),
              setup.watermarkFraction(),
              maxTokens);
      ExecutionTimeModel timing = disagg == null ? setup.timing()
          : decodePool ? disagg.decodeTiming() : disagg.prefillTiming();
      replicas[i] = new Replica(i, setup.replicaScheduler().create(settings), kv, setup.numStages(),
          null, decodePool ? i - decodeOffset : i, timing, disagg != null && !decodePool);
    }
    if (disagg == null) {
      this.router =
          setup.router().create(new RouterContext(this, new RouterRandom(setup.seed()), setup.routerParams()));
      this.decodeRouter = null;
    } else {
      this.router = disagg.prefillRouter().create(new RouterContext(
          new PoolView(this, 0, decodeOffset), new RouterRandom(setup.seed()), disagg.prefillRouterParams()));
      // its own random stream, so the prefill router's draws do not depend on the decode router's
      this.decodeRouter = disagg.decodeRouter().create(new RouterContext(
          new PoolView(this, decodeOffset, disagg.decodeReplicas()), new RouterRandom(setup.seed() + 1),
          disagg.decodeRouterParams()));
    }
    for (Replica rep : replicas) {
      rep.router = rep.id >= decodeOffset ? decodeRouter : router;
    }
  }

  /** The replica's own CPU tier (if any) above the shared pool (if any). */
  private static void useTiers(KvCacheManager kv, KvTierSetup t, KvTier pool, boolean decodePool) {
    double cpuSeconds = decodePool ? t.decodeCpuSecondsPerBlock() : t.cpuSecondsPerBlock();
    double poolSeconds = decodePool ? t.decodePoolSecondsPerBlock() : t.poolSecondsPerBlock();
    if (t.cpuBlocks() > 0 && pool != null) {
      kv.useTiers(new KvTier[] {new KvTier("cpu", t.cpuBlocks(), pool), pool},
          new double[] {cpuSeconds, poolSeconds}, new double[] {0, t.poolLatencySeconds()});
    } else if (t.cpuBlocks() > 0) {
      kv.useTiers(new KvTier[] {new KvTier("cpu", t.cpuBlocks(), null)}, new double[] {cpuSeconds}, new double[] {0});
    } else {
      kv.useTiers(new KvTier[] {pool}, new double[] {poolSeconds}, new double[] {t.poolLatencySeconds()});
    }
  }

  private int kvBlocks(int replica) {
    if (disagg == null) {
      return setup.kvBlocksPerReplica();
    }
    return replica >= decodeOffset ? disagg.decodeKvBlocks() : disagg.prefillKvBlocks();
  }

  /** Runs steady decode phases as single batches (default on; off only to check it changes nothing). */
  public void setFastForward(boolean on) {
    this.fastForward = on;
  }

  /** Ends the run as soon as {@code condition} says the outcome is certain (set before {@link #run}). */
  public void setStopCondition(StopCondition condition) {
    this.stopCondition = condition;
  }

  /** Runs to completion (or the time limit) and returns the outcome. A simulation runs once. */
  public SimulationOutcome run() {
    if (ran) {
      throw new IllegalStateException("a Simulation runs once");
    }
    ran = true;
    int n = requests.size();
    double[] arrivals = requests.arrivalSeconds();
    while (!limitReached && !stoppedEarly) {
      boolean haveArrival = nextArrival < n;
      if (!haveArrival && events.isEmpty()) {
        break;
      }
      if (haveArrival && (events.isEmpty() || arrivals[nextArrival] <= events.peekTime())) {
        advanceClock(arrivals[nextArrival]);
        onArrival(nextArrival++);
      } else {
        events.pop();
        advanceClock(events.lastTime);
        if (events.lastType == EventQueue.STAGE_END) {
          onStageEnd(replicas[events.lastReplica], events.lastStage);
        } else if (events.lastType == EventQueue.TRANSFER_END) {
          onTransferEnd(replicas[events.lastReplica], byId[events.lastStage]);
        } else {
          onReplicaSchedule(replicas[events.lastReplica]);
        }
      }
      numEvents++;
    }
    for (Replica r : replicas) {
      r.sampleUsage(now);
    }
    return new SimulationOutcome(
        metrics, replicas, outstanding(), now, limitReached, stoppedEarly, numEvents, blockSize,
        batchLog);
  }

  private void advanceClock(double t) {
    now = t;
    if (timeLimit > 0 && now > timeLimit) {
      limitReached = true;
    }
  }

  private void onArrival(int i) {
    Request r =
        new Request(
            i,
            requests.arrivalSeconds()[i],
            requests.prefillTokens()[i],
            requests.decodeTokens()[i],
            requests.sessionIds() == null ? -1 : requests.sessionIds()[i],
            requests.hashStart() == null ? 0 : requests.hashStart()[i],
            requests.hashCount() == null ? 0 : requests.hashCount()[i]);
    byId[i] = r;
    metrics.onArrival(r);
    // A request that cannot fit even in an empty replica would stall it forever (reference H7).
    if (disagg == null ? (r.prefill + r.decode + blockSize - 1) / blockSize > setup.kvBlocksPerReplica()
        : (r.prefill + r.decode + blockSize - 1) / blockSize > disagg.decodeKvBlocks()
            || (r.prefill + 1 + blockSize - 1) / blockSize > disagg.prefillKvBlocks()) {
      r.rejected = true;
      metrics.onRejected(r);
      return;
    }
    if (sloNormalized > 0) {
      r.prefillDeadline = r.arrivedAt + r.prefill * sloNormalized;
    }
    int target = router.route(r);
    if (target < 0 || target >= decodeOffset) {
      throw new IllegalStateException("router returned replica " + target + " of " + decodeOffset);
    }
    r.replica = target;
    replicas[target].scheduler.add(r);
    requestSchedule(replicas[target]);
  }

  private void requestSchedule(Replica rep) {
    if (!rep.schedulePending) {
      rep.schedulePending = true;
      events.push(now, EventQueue.REPLICA_SCHEDULE, rep.id, 0);
    }
  }

  private void onReplicaSchedule(Replica rep) {
    rep.schedulePending = false;
    while (rep.batchesInFlight < rep.numStages) {
      Batch b = rep.takeBatch();
      rep.sampleUsage(now);
      rep.scheduler.nextBatch(b);
      rep.sampleUsage(now);
      if (tiered) {
        b.setLoadSeconds(rep.kv.takeLoadSeconds());
      }
      if (b.isEmpty()) {
        rep.pool.push(b);
        return;
      }
      dispatch(rep, b);
    }
  }

  private void dispatch(Replica rep, Batch b) {
    rep.batchesInFlight++;
    rep.numBatches++;
    rep.numTokens += b.numTokens();
    for (int i = 0, size = b.size(); i < size; i++) {
      Request r = b.request(i);
      if (!r.scheduled) {
        if (r.scheduledAt < 0) {
          r.scheduledAt = now;
          r.interArrivalDelay = r.arrivedAt - rep.lastFirstScheduledArrival;
          rep.lastFirstScheduledArrival = r.arrivedAt;
        }
        r.scheduled = true;
      }
      r.inFlight = true;
      r.tokensComputed += b.tokens(i);
    }
    rep.stageQueue[0].add(b);
    tryStartStage(rep, 0);
  }

  private void tryStartStage(Replica rep, int stage) {
    if (rep.stageBatch[stage] != null || rep.stageQueue[stage].isEmpty()) {
      return;
    }
    Batch b = rep.stageQueue[stage].poll();
    double seconds = rep.timing.stageSeconds(b.shape(), stage == rep.numStages - 1);
    if (stage == 0) {
      if (tiered) {
        seconds += b.loadSeconds(); // the first stage waits for the blocks its admissions load
      }
      logBatch(rep, b.shape(), seconds);
    }
    rep.stageBatch[stage] = b;
    rep.stageSeconds[stage] = seconds;
    if (rep.numStages == 1) {
      b.addStep(seconds); // a single-stage batch may stand for several decode steps (runDecodeSteps)
    }
    double end = now + seconds;
    if (stage == 0) {
      rep.busySeconds += seconds;
    }
    for (int i = 0, size = b.size(); i < size; i++) {
      Request r = b.request(i);
      if (r.lastStageEnd >= 0) {
        r.preemptionTime += now - r.lastStageEnd;
      }
    }
    if (fastForward && rep.numStages == 1) {
      end = runDecodeSteps(rep, b, end);
    }
    events.push(end, EventQueue.STAGE_END, rep.id, stage);
  }

  /**
   * A replica whose batch is all decodes, holds every running request and has nobody waiting would form
   * the same batch again at its end, one more token each, until a request completes, KV blocks run out, or
   * something arrives. Those steps run here back to back, in the order and with the KV allocations and
   * times the step-by-step loop would use, ending before the next arrival anywhere (so no router or
   * scheduler ever sees the replica mid-run) and within the time limit. Results are identical; lightly
   * loaded replicas, which spend most iterations decoding alone, no longer cost an event per token.
   *
   * @return the end time of the last step
   */
  private double runDecodeSteps(Replica rep, Batch b, double end) {
    int size = b.size();
    if (b.shape().numPrefills() != 0 || !rep.scheduler.repeatsDecodeBatches()
        || rep.scheduler.numWaiting() != 0 || size != rep.scheduler.numRunning()) {
      return end;
    }
    double arrival = nextArrival < requests.size() ? requests.arrivalSeconds()[nextArrival]
        : Double.POSITIVE_INFINITY;
    if (disagg != null && !events.isEmpty()) {
      // Another replica's event may hand a request over to this one (or take its KV blocks): stop before
      // the next event of any kind, which keeps the run exact.
      arrival = Math.min(arrival, events.peekTime());
    }
    int maxSteps = Integer.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      Request r = b.request(i);
      maxSteps = Math.min(maxSteps, r.prefill + r.decode - r.processed);
    }
    KvCacheManager kv = rep.kv;
    int pre = kv.preallocation();
    for (int step = 2; step <= maxSteps; step++) {
      // would every request get its block for this step without a preemption?
      int free = kv.numFreeBlocks();
      for (int i = 0; i < size; i++) {
        Request r = b.request(i);
        int need = kv.decodeBlocksNeeded(r.id, r.processed + step - 1);
        if (need > 0) {
          if (need > free) {
            return end;
          }
          free -= Math.min(need + pre, free);
        }
      }
      b.shape().nextDecodeStep();
      double seconds = rep.timing.stageSeconds(b.shape(), true);
      double stepEnd = end + seconds;
      if (!(stepEnd < arrival) || (timeLimit > 0 && stepEnd > timeLimit)) {
        return end;
      }
      rep.sampleUsage(end);
      for (int i = 0; i < size; i++) {
        Request r = b.request(i);
        kv.allocate(r.id, r.processed + step - 1, 1, 0, r.hashStart, r.hashCount);
        r.tokensComputed++;
      }
      rep.sampleUsage(end);
      b.addStep(seconds);
      logBatch(rep, b.shape(), seconds);
      rep.busySeconds += seconds;
      rep.numBatches++;
      rep.numTokens += size;
      end = stepEnd;
    }
    return end;
  }

  private void logBatch(Replica rep, BatchShape shape, double seconds) {
    int decodes = shape.numDecodes();
    batchLog.add(rep.id, seconds, shape.numTokens(), shape.numTokens() - decodes, decodes,
        decodes + shape.numPrefills());
  }

  private void onStageEnd(Replica rep, int stage) {
    Batch b = rep.stageBatch[stage];
    rep.stageBatch[stage] = null;
    int steps = rep.numStages == 1 ? b.steps() : 1;
    for (int i = 0, size = b.size(); i < size; i++) {
      Request r = b.request(i);
      for (int k = 0; k < steps; k++) {
        // the same additions, in the same order, as one batch per step would make
        double seconds = rep.numStages == 1 ? b.stepSeconds(k) : rep.stageSeconds[stage];
        r.executionTime += seconds;
        r.modelExecutionTime += seconds;
      }
      r.lastStageEnd = now;
    }
    if (stage < rep.numStages - 1) {
      rep.stageQueue[stage + 1].add(b);
      tryStartStage(rep, stage + 1);
    } else {
      onBatchEnd(rep, b);
    }
    tryStartStage(rep, stage);
  }

  private void onBatchEnd(Replica rep, Batch b) {
    rep.batchesInFlight--;
    int size = b.size();
    for (int i = 0; i < size; i++) {
      Request r = b.request(i);
      r.inFlight = false;
      r.processed += b.tokens(i) * b.steps();
      if (!r.prefillComplete && r.processed >= r.prefill) {
        r.prefillComplete = true;
        r.processed++;
        if (r.prefillCompletedAt < 0) {
          r.prefillCompletedAt = now;
          r.prefillEndPending = true;
        }
      }
      if (r.processed >= r.prefill + r.decode) {
        r.completed = true;
        r.completedAt = now;
      } else if (rep.prefillOnly && r.prefillComplete) {
        // first token out: the request leaves the prefill replica, which keeps its blocks for the transfer
        r.completed = true;
        r.handedOff = true;
      }
    }
    rep.router.onBatchEnd(rep.localId, b);
    rep.sampleUsage(now);
    rep.scheduler.onBatchEnd(b);
    rep.sampleUsage(now);
    for (int i = 0; i < size; i++) {
      Request r = b.request(i);
      if (r.prefillEndPending) {
        r.prefillEndPending = false;
        rep.router.onPrefillEnd(r);
      }
    }
    for (int i = 0; i < size; i++) {
      Request r = b.request(i);
      if (r.completed) {
        if (r.handedOff) {
          router.onRequestEnd(r);
          handOver(rep, r);
          continue;
        }
        if (disagg != null) {
          if (rep.prefillOnly) {
            router.onRequestEnd(r); // a one-token request ends on its prefill replica
          } else {
            decodeRouter.onPrefillEnd(r); // the decode router counted it from its hand-over
            decodeRouter.onRequestEnd(r);
          }
        } else {
          router.onRequestEnd(r);
        }
        metrics.onCompletion(r);
        if (stopCondition != null && stopCondition.stopAfterCompletion(metrics, r.id)) {
          stoppedEarly = true;
        }
      }
    }
    b.clear();
    rep.pool.push(b);
    if (rep.admissionSize > 0) {
      admitTransfers(rep);
    }
    // Schedule the next batch now rather than through a same-instant event: it only differs from the
    // reference when another event falls on exactly this instant, and halves the event-queue traffic.
    if (!rep.schedulePending) {
      onReplicaSchedule(rep);
    }
  }

  private long[] outstanding() {
    long[] p = router.outstanding();
    if (decodeRouter == null) {
      return p;
    }
    long[] d = decodeRouter.outstanding();
    if (p == null && d == null) {
      return null;
    }
    long[] all = new long[replicas.length];
    if (p != null) {
      System.arraycopy(p, 0, all, 0, decodeOffset);
    }
    if (d != null) {
      System.arraycopy(d, 0, all, decodeOffset, replicas.length - decodeOffset);
    }
    return all;
  }

  // Disaggregated layouts

  /**
   * A request emitted its first token on prefill replica {@code from}: the decode router places it, and it
   * waits there for KV blocks (in order), then for its KV cache to arrive.
   */
  private void handOver(Replica from, Request r) {
    r.prefillReplica = from.id;
    r.decodeRoutedAt = now;
    int target = decodeRouter.route(r);
    if (target < 0 || target >= replicas.length - decodeOffset) {
      throw new IllegalStateException(
          "decode router returned replica " + target + " of " + (replicas.length - decodeOffset));
    }
    Replica to = replicas[decodeOffset + target];
    r.replica = to.id;
    to.enqueueAdmission(r);
    if (to.admissionSize == 1) {
      admitTransfers(to);
    }
  }

  /**
   * Admits requests waiting for a decode replica's KV blocks, head of line first: each takes blocks for
   * its whole context (prompt and first token) and its transfer starts. Stops at the first that does not
   * fit.
   */
  private void admitTransfers(Replica rep) {
    KvCacheManager kv = rep.kv;
    Request h;
    while ((h = rep.peekAdmission()) != null) {
      rep.sampleUsage(now);
      // blocks of the prompt the decode replica's prefix cache holds are shared, not sent: vLLM's NIXL
      // connector pulls only the tokens not computed locally (GPU memory only: a lower tier's would load)
      int hits = kv.prefixCachingEnabled()
          ? kv.countHitBlocks(h.hashStart, h.hashCount, (h.prefill - 1) / blockSize) : 0;
      if (!kv.allocate(h.id, 0, h.processed - hits * blockSize, hits, h.hashStart, h.hashCount)) {
        return;
      }
      h.decodeCachedTokens = hits * blockSize;
      rep.sampleUsage(now);
      rep.popAdmission();
      rep.inTransfer++;
      h.transferStartAt = now;
      events.push(now + transferSeconds(h), EventQueue.TRANSFER_END, rep.id, h.id);
    }
  }

  /**
   * How long the KV transfer of {@code r}, starting now, takes. Layer by layer, the part sent while its
   * prompt was computed does not count ({@link DisaggregatedSetup#transferSeconds(int, double)}, with
   * the prompt's batch times on the prefill replica), when the stream had somewhere to go: the decode
   * replica took the request's blocks at its hand-over instant. One that waited for blocks, or was
   * preempted on its prefill replica (its first computation wasted), sends everything now.
   */
  private double transferSeconds(Request r) {
    int tokens = r.prefill - r.decodeCachedTokens;
    if (disagg.layerwise() && now == r.decodeRoutedAt && r.restarts == 0) {
      return disagg.transferSeconds(tokens, r.modelExecutionTime);
    }
    return disagg.transferSeconds(tokens);
  }

  /** The KV cache of {@code r} arrived: the prefill replica frees its copy, the decode replica runs it. */
  private void onTransferEnd(Replica to, Request r) {
    Replica from = replicas[r.prefillReplica];
    from.sampleUsage(now);
    from.kv.free(r.id);
    from.sampleUsage(now);
    r.handedOff = false;
    r.completed = false;
    r.transferEndAt = now;
    r.lastStageEnd = now; // the wait so far was hand-over, not preemption
    to.inTransfer--;
    to.scheduler.addPrefilled(r);
    requestSchedule(to);
    if (from.batchesInFlight == 0 && from.scheduler.numWaiting() > 0) {
      requestSchedule(from); // freed blocks may let a waiting prompt in
    }
  }

  // ClusterView

  @Override
  public int numReplicas() {
    return replicas.length;
  }

  @Override
  public int cachedPrefillTokens(int replica, Request request) {
    KvCacheManager kv = replicas[replica].kv;
    int maxBlocks = (request.prefill - 1) / blockSize;
    // a hit in a lower KV tier loads in a few percent of its recompute time: routers count it as cached
    return (tiered ? kv.countHitBlocksAllTiers(request.hashStart, request.hashCount, maxBlocks)
        : kv.countHitBlocks(request.hashStart, request.hashCount, maxBlocks)) * blockSize;
  }

  @Override
  public int blockSize() {
    return blockSize;
  }

  @Override
  public long blockHash(Request request, int block) {
    return requests.hashes()[request.hashStart + block];
  }

  @Override
  public int numWaiting(int replica) {
    Replica rep = replicas[replica];
    return rep.scheduler.numWaiting() + rep.admissionSize; // waiting for KV blocks on a decode replica
  }

  @Override
  public int numRunning(int replica) {
    Replica rep = replicas[replica];
    return rep.scheduler.numRunning() + rep.inTransfer; // blocks taken, KV cache on its way
  }

  @Override
  public int numFreeKvBlocks(int replica) {
    return replicas[replica].kv.numFreeBlocks();
  }

  @Override
  public int numKvBlocks(int replica) {
    return replicas[replica].kv.numBlocks();
  }

  /** The request with id {@code id}, once it has arrived (tests and diagnostics). */
  public Request request(int id) {
    return byId[id];
  }
}
