package dev.capacity.simulator.metrics;

/** Quantiles with linear interpolation between order statistics (pandas' and numpy's default). */
public final class Quantiles {
  private Quantiles() {}

  /** The q-quantile of ascending {@code sorted}; NaN when empty. */
  public static double ofSorted(double[] sorted, double q) {
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    double pos = q * (n - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, n - 1);
    double frac = pos - lo;
    if (frac == 0 || sorted[hi] == sorted[lo]) {
      return sorted[lo];
    }
    return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
  }
}
