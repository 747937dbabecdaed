package dev.capacity.simulator.engine;

/**
 * One request's mutable state during a simulation (reference §1.1-§1.2). Routers and replica schedulers
 * read it through the public accessors; only the engine and the schedulers change it.
 *
 * <p>{@code prefillTokens} and {@code decodeTokens} are the current P and D, which a restart after a
 * decode-phase preemption changes (the generated tokens join the prompt); the original values stay in
 * {@link #originalPrefillTokens()} and {@link #originalDecodeTokens()}.
 */
public final class Request {
  final int id;
  final double arrivedAt;
  final int originalPrefill;
  final int originalDecode;
  final int sessionId;
  /** Offset and count of this request's 16-token block hashes in the workload's flat hash array. */
  final int hashStart;
  final int hashCount;

  int prefill;
  int decode;
  int processed;
  int cachedTokens;
  int restarts;
  /** Tokens this request was scheduled for across all batches (conservation checks). */
  long tokensComputed;
  int replica = -1;
  boolean scheduled;
  boolean prefillComplete;
  boolean completed;
  boolean rejected;
  /** Set when the first prefill completes, until the router has been told. */
  boolean prefillEndPending;
  /** True while the request is part of a batch that has not ended (pipeline-parallel replicas). */
  boolean inFlight;

  double scheduledAt = -1;
  double prefillCompletedAt = -1;
  double completedAt = -1;
  double executionTime;
  double modelExecutionTime;
  double preemptionTime;
  double lastStageEnd = -1;
  double interArrivalDelay;
  double prefillDeadline = Double.POSITIVE_INFINITY;

  // Disaggregated layouts only.
  /**
   * True from the request's prefill end on its prefill replica until its KV transfer ends: the prefill
   * replica's scheduler drops it as completed but must not free its blocks (the engine does, after the
   * transfer).
   */
  boolean handedOff;
  int prefillReplica = -1;
  /** When the decode router placed it (its prefill end), when the decode replica took its blocks, when
   * its KV cache arrived there; -1 until then. */
  double decodeRoutedAt = -1;
  double transferStartAt = -1;
  double transferEndAt = -1;
  /** Prompt tokens the decode replica's own prefix cache held at its admission: not sent over the link. */
  int decodeCachedTokens;

  Request(int id, double arrivedAt, int prefill, int decode, int sessionId, int hashStart, int hashCount) {
    this.id = id;
    this.arrivedAt = arrivedAt;
    this.originalPrefill = prefill;
    this.originalDecode = decode;
    this.prefill = prefill;
    this.decode = decode;
    this.sessionId = sessionId;
    this.hashStart = hashStart;
    this.hashCount = hashCount;
  }

  /**
   * A request outside any simulation, for unit tests of routers and other custom policies only: no block
   * hashes, not routed ({@link #replica()} is -1). The engine never calls this.
   *
   * @param sessionId the session key, or -1 for none
   */
  public static Request forTest(int id, double arrivedAt, int prefill, int decode, int sessionId) {
    return new Request(id, arrivedAt, prefill, decode, sessionId, 0, 0);
  }

  /**
   * As {@link #forTest(int, double, int, int, int)}, with {@code hashCount} prompt block hashes that a
   * test's {@code ClusterView#blockHash} answers for (hashStart 0).
   */
  public static Request forTest(int id, double arrivedAt, int prefill, int decode, int sessionId, int hashCount) {
    return new Request(id, arrivedAt, prefill, decode, sessionId, 0, hashCount);
  }

  public int id() { return id; }
  public double arrivedAt() { return arrivedAt; }
  public int prefillTokens() { return prefill; }
  public int decodeTokens() { return decode; }
  public int originalPrefillTokens() { return originalPrefill; }
  public int originalDecodeTokens() { return originalDecode; }
  public int totalTokens() { return prefill + decode; }
  public int processedTokens() { return processed; }
  public int cachedTokens() { return cachedTokens; }
  /** Session key from the trace, or -1 when the trace has none. */
  public int sessionId() { return sessionId; }
  public int replica() { return replica; }
  public int restarts() { return restarts; }
  public boolean isPrefillComplete() { return prefillComplete; }
  public boolean isCompleted() { return completed; }
  public boolean isScheduled() { return scheduled; }
  public boolean isInFlight() { return inFlight; }
  public double scheduledAt() { return scheduledAt; }
  public double prefillCompletedAt() { return prefillCompletedAt; }
  public double completedAt() { return completedAt; }
  public double executionTime() { return executionTime; }
  public double modelExecutionTime() { return modelExecutionTime; }
  public double preemptionTime() { return preemptionTime; }
  /** Arrival minus the arrival of the previous request first scheduled on the same replica. */
  public double interArrivalDelay() { return interArrivalDelay; }
  public long tokensComputed() { return tokensComputed; }
  public boolean isRejected() { return rejected; }
  public int hashStart() { return hashStart; }
  public int hashCount() { return hashCount; }
  /** Prefill deadline (EDF), +infinity without a prefill SLO. */
  public double prefillDeadline() { return prefillDeadline; }
  /**
   * Disaggregated layouts: the request has left its prefill replica for a decode replica and its KV
   * blocks on the prefill replica are freed by the engine when the transfer ends, not by the scheduler.
   */
  public boolean isHandedOff() { return handedOff; }
  /** The prefill replica of a disaggregated layout, or -1. */
  public int prefillReplica() { return prefillReplica; }
  /** Disaggregated: when its KV transfer to the decode replica started (blocks reserved there), or -1. */
  public double transferStartedAt() { return transferStartAt; }
  /** Disaggregated: when its KV cache arrived on the decode replica, or -1. */
  public double transferEndedAt() { return transferEndAt; }
  /** Disaggregated: when the decode router placed it (its prefill end), or -1. */
  public double decodeRoutedAt() { return decodeRoutedAt; }
  /** Prompt tokens still to compute before the first output token. */
  public int remainingPrefill() { return prefillComplete ? 0 : prefill - processed; }

  /** Cache hit taken at admission: the first {@code tokens} prompt tokens need no computation. */
  public void onCacheHit(int tokens) {
    processed = tokens;
    cachedTokens = tokens;
  }

  /**
   * Preemption by recompute (vLLM style). Deviation from the reference (its H5): a request preempted
   * during prefill keeps its prompt as prompt, instead of turning the uncomputed rest into decode tokens
   * generated one per iteration; a request preempted during decode folds its generated tokens into the
   * prompt, as the reference does.
   */
  public void restart() {
    if (prefillComplete) {
      int total = prefill + decode;
      prefill = processed;
      decode = total - prefill;
    }
    processed = 0;
    scheduled = false;
    prefillComplete = false;
    completed = false;
    restarts++;
  }

  @Override
  public String toString() {
    return "Request[" + id + " P=" + prefill + " D=" + decode + " processed=" + processed + "]";
  }
}
