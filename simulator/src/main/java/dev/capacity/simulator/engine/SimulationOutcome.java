package dev.capacity.simulator.engine;

import dev.capacity.simulator.metrics.BatchLog;

import dev.capacity.simulator.metrics.MetricsStore;
import java.util.Arrays;

/** What a finished simulation leaves: per-request metrics and per-replica statistics. */
public final class SimulationOutcome {
  private final MetricsStore metrics;
  private final ReplicaStats[] replicas;
  private final long[] routerOutstanding;
  private final double endTime;
  private final boolean timeLimitReached;
  private final boolean stoppedEarly;
  private final long numEvents;
  private final BatchLog batchLog;
  private final boolean tiered;

  /** Per-replica statistics; KV usage as a fraction of the replica's blocks. */
  public record ReplicaStats(
      int replica,
      double busySeconds,
      long numBatches,
      long numTokens,
      int kvBlocks,
      double meanKvUsage,
      double maxKvUsage,
      long admissions,
      long admittedPromptTokens,
      long cachedPromptTokens,
      long cpuHitTokens,
      long poolHitTokens) {
    public double prefixHitRatio() {
      return admittedPromptTokens == 0 ? 0 : (double) cachedPromptTokens / admittedPromptTokens;
    }

    /** Hit tokens found in GPU memory (the rest of the hit was loaded from the CPU tier or the pool). */
    public long gpuHitTokens() {
      return cachedPromptTokens - cpuHitTokens - poolHitTokens;
    }

    /** Share of admitted prompt tokens that {@code hitTokens} of them are. */
    public double ratio(long hitTokens) {
      return admittedPromptTokens == 0 ? 0 : (double) hitTokens / admittedPromptTokens;
    }
  }

  SimulationOutcome(
      MetricsStore metrics,
      Replica[] reps,
      long[] routerOutstanding,
      double endTime,
      boolean timeLimitReached,
      boolean stoppedEarly,
      long numEvents,
      int blockSize,
      BatchLog batchLog) {
    this.metrics = metrics;
    this.batchLog = batchLog;
    this.routerOutstanding = routerOutstanding == null ? null : routerOutstanding.clone();
    this.endTime = endTime;
    this.timeLimitReached = timeLimitReached;
    this.stoppedEarly = stoppedEarly;
    this.numEvents = numEvents;
    this.replicas = new ReplicaStats[reps.length];
    this.tiered = reps.length > 0 && reps[0].kv.tiers().length > 0;
    for (int i = 0; i < reps.length; i++) {
      Replica r = reps[i];
      int blocks = r.kv.numBlocks();
      replicas[i] =
          new ReplicaStats(
              i,
              r.busySeconds,
              r.numBatches,
              r.numTokens,
              blocks,
              endTime > 0 ? r.usedBlocksIntegral / endTime / blocks : 0,
              (double) r.maxUsedBlocks / blocks,
              r.kv.admissions(),
              r.kv.admittedPromptTokens(),
              r.kv.hitTokens(),
              tierHits(r.kv, "cpu"),
              tierHits(r.kv, "pool"));
    }
  }

  private static long tierHits(dev.capacity.simulator.kvcache.KvCacheManager kv, String name) {
    var tiers = kv.tiers();
    for (int i = 0; i < tiers.length; i++) {
      if (tiers[i].name().equals(name)) {
        return kv.lowerTierHitTokens(i);
      }
    }
    return 0;
  }

  /** Prompt tokens admitted and hit over all replicas, by the tier that served the hit. */
  public record PromptHits(long admitted, long hit, long cpu, long pool) {
    public long gpu() {
      return hit - cpu - pool;
    }

    /** {@code tokens} as a share of the admitted prompt tokens (0 when none were admitted). */
    public double share(long tokens) {
      return admitted == 0 ? 0 : (double) tokens / admitted;
    }
  }

  /** The whole cluster's {@link PromptHits}: the replicas' sums. */
  public PromptHits promptHits() {
    long admitted = 0;
    long hit = 0;
    long cpu = 0;
    long pool = 0;
    for (ReplicaStats r : replicas) {
      admitted += r.admittedPromptTokens();
      hit += r.cachedPromptTokens();
      cpu += r.cpuHitTokens();
      pool += r.poolHitTokens();
    }
    return new PromptHits(admitted, hit, cpu, pool);
  }

  /** True when the replicas had KV-cache tiers below GPU memory. */
  public boolean tiered() {
    return tiered;
  }

  public MetricsStore metrics() { return metrics; }

  /** Every batch iteration the replicas ran (first pipeline stage), for the batch quantile tables. */
  public BatchLog batchLog() { return batchLog; }
  public ReplicaStats[] replicas() { return replicas.clone(); }
  /** The router's outstanding-work counters at the end, or null if it keeps none. */
  public long[] routerOutstanding() { return routerOutstanding == null ? null : routerOutstanding.clone(); }
  public double endTime() { return endTime; }
  public boolean timeLimitReached() { return timeLimitReached; }
  public long numEvents() { return numEvents; }
  /** True when a {@link StopCondition} ended the run: metrics then cover only part of the requests. */
  public boolean stoppedEarly() { return stoppedEarly; }

  public long cachedPromptTokens() {
    return Arrays.stream(replicas).mapToLong(ReplicaStats::cachedPromptTokens).sum();
  }

  public long admittedPromptTokens() {
    return Arrays.stream(replicas).mapToLong(ReplicaStats::admittedPromptTokens).sum();
  }
}
