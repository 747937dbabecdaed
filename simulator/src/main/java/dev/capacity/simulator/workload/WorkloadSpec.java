package dev.capacity.simulator.workload;

/**
 * How to turn a {@link Trace} into the requests of one simulation (reference §6.1-6.3, design §3).
 *
 * @param generator   SYNTHETIC: trace lengths in file order at generated arrivals (Vidur's config explorer);
 *                    TRACE_REPLAY: the trace's own arrival times
 * @param interval    inter-arrival distribution for SYNTHETIC (ignored by TRACE_REPLAY)
 * @param qps         mean request rate for POISSON and GAMMA, > 0 there; otherwise ignored (must be >= 0)
 * @param gammaCv     coefficient of variation for GAMMA, > 0 there; otherwise ignored (must be >= 0)
 * @param numRequests requests to generate; 0 means one per trace row. SYNTHETIC wraps around past the last
 *                    row; TRACE_REPLAY needs numRequests <= rows
 * @param timeScale   TRACE_REPLAY multiplies trace arrival times by this, > 0
 * @param maxSeqLen   longest P + D a request may have; longer ones are clipped; 0 means no limit
 * @param seed        seed of the arrival stream, as {@code numpy.random.default_rng(seed)}; >= 0
 */
public record WorkloadSpec(
    Generator generator,
    Interval interval,
    double qps,
    double gammaCv,
    int numRequests,
    double timeScale,
    int maxSeqLen,
    long seed) {

  public enum Generator { SYNTHETIC, TRACE_REPLAY }

  public enum Interval { POISSON, GAMMA, STATIC }

  /** Vidur's request-generator seed default. */
  public static final long DEFAULT_SEED = 42;

  public WorkloadSpec {
    if (generator == null) {
      throw new IllegalArgumentException("workload generator is required: one of SYNTHETIC, TRACE_REPLAY");
    }
    if (interval == null) {
      throw new IllegalArgumentException("workload interval is required: one of POISSON, GAMMA, STATIC");
    }
    boolean usesQps = generator == Generator.SYNTHETIC && interval != Interval.STATIC;
    if (!(qps >= 0) || Double.isInfinite(qps) || (usesQps && qps == 0)) {
      throw new IllegalArgumentException("qps must be a finite number " + (usesQps ? "> 0" : ">= 0")
          + " for a " + generator + "/" + interval + " workload, got " + qps);
    }
    boolean usesCv = generator == Generator.SYNTHETIC && interval == Interval.GAMMA;
    if (!(gammaCv >= 0) || Double.isInfinite(gammaCv) || (usesCv && gammaCv == 0)) {
      throw new IllegalArgumentException("gammaCv must be a finite number " + (usesCv ? "> 0" : ">= 0")
          + " for a " + generator + "/" + interval + " workload, got " + gammaCv);
    }
    if (numRequests < 0) {
      throw new IllegalArgumentException("numRequests must be >= 0 (0 = one request per trace row), got " + numRequests);
    }
    if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
      throw new IllegalArgumentException("timeScale must be a finite number > 0, got " + timeScale);
    }
    if (maxSeqLen < 0 || maxSeqLen == 1) {
      throw new IllegalArgumentException(
          "maxSeqLen must be 0 (no limit) or >= 2 (room for one prompt and one output token), got " + maxSeqLen);
    }
    if (seed < 0) {
      throw new IllegalArgumentException("seed must be >= 0 (as numpy.random.default_rng requires), got " + seed);
    }
  }

  /** The config explorer's workload: Poisson arrivals at {@code qps}, trace lengths in file order. */
  public static WorkloadSpec poisson(double qps, int numRequests, int maxSeqLen, long seed) {
    return new WorkloadSpec(Generator.SYNTHETIC, Interval.POISSON, qps, 0, numRequests, 1, maxSeqLen, seed);
  }

  /** Replay of the trace's own arrival times, scaled by {@code timeScale}. */
  public static WorkloadSpec replay(int numRequests, double timeScale, int maxSeqLen) {
    return new WorkloadSpec(Generator.TRACE_REPLAY, Interval.STATIC, 0, 0, numRequests, timeScale, maxSeqLen,
        DEFAULT_SEED);
  }
}
