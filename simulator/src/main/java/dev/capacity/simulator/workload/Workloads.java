package dev.capacity.simulator.workload;

import dev.capacity.simulator.SimulationInputException;

/** Builds a {@link Workload} from a {@link Trace} and a {@link WorkloadSpec} (reference §6, design §3). */
public final class Workloads {
  private Workloads() {}

  public static Workload generate(Trace trace, WorkloadSpec spec) {
    int rows = trace.size();
    int n = spec.numRequests() == 0 ? rows : spec.numRequests();
    double[] arrivals = new double[n];
    int[] row = new int[n];
    if (spec.generator() == WorkloadSpec.Generator.TRACE_REPLAY) {
      if (!trace.hasArrivals()) {
        throw new SimulationInputException(trace.source()
            + ": trace has no arrival times (no arrived_at column); TRACE_REPLAY needs them, use SYNTHETIC instead");
      }
      if (n > rows) {
        throw new SimulationInputException(trace.source() + ": numRequests " + n + " exceeds the trace's " + rows
            + " rows; TRACE_REPLAY allows 0 (all rows) up to " + rows);
      }
      for (int i = 0; i < n; i++) {
        row[i] = i;
        arrivals[i] = trace.arrivalSeconds()[i] * spec.timeScale();
      }
    } else {
      // Vidur's synthetic generator: draw the interval first, so request 0 arrives at its first interval;
      // rows in file order, wrapping around after the last one.
      IntervalGenerator intervals = new IntervalGenerator(spec);
      double t = 0;
      for (int i = 0; i < n; i++) {
        t += intervals.next();
        arrivals[i] = t;
        row[i] = i % rows;
      }
    }
    int[] prefill = new int[n];
    int[] decode = new int[n];
    int clipped = 0;
    for (int i = 0; i < n; i++) {
      int p = trace.prefillTokens()[row[i]];
      int d = trace.decodeTokens()[row[i]];
      if (spec.maxSeqLen() > 0 && (long) p + d > spec.maxSeqLen()) {
        clipped++;
        long total = (long) p + d;
        long excess = total - spec.maxSeqLen();
        // upstream Vidur main's rule: each part gives up its share of the excess, rounded up; both stay >= 1
        p = (int) Math.max(1, p - ceilDiv(excess * p, total));
        d = (int) Math.max(1, d - ceilDiv(excess * d, total));
      }
      prefill[i] = p;
      decode[i] = d;
    }
    return new Workload(trace, arrivals, row, prefill, decode, clipped);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
