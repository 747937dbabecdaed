package dev.capacity.plugin.study;

import java.util.Arrays;

/** numpy's default ('linear') quantile, which is what pandas' {@code Series.quantile} uses. */
public final class Quantiles {
  private Quantiles() {}

  /**
   * The q-quantile of {@code values} plus {@code infinities} values of +inf (unfinished requests).
   * NaN values are dropped, as pandas does. Returns NaN when nothing is left.
   */
  public static double linear(double[] values, int infinities, double q) {
    double[] sorted = new double[values.length];
    int kept = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        sorted[kept++] = v;
      }
    }
    sorted = kept == sorted.length ? sorted : Arrays.copyOf(sorted, kept);
    dev.capacity.simulator.metrics.Quantiles.sort(sorted); // every probe judges several SLO metrics
    int n = sorted.length + infinities;
    if (n == 0) {
      return Double.NaN;
    }
    double h = (n - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, n - 1);
    double t = h - lo;
    double a = at(sorted, lo);
    double b = at(sorted, hi);
    if (t == 0 || a == b) {
      return a; // also avoids inf - inf = NaN when both ends are unfinished requests
    }
    if (Double.isInfinite(b)) {
      return Double.POSITIVE_INFINITY;
    }
    // numpy's _lerp: interpolates from the nearer end so q = 1 lands exactly on the maximum
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }

  private static double at(double[] sorted, int i) {
    return i < sorted.length ? sorted[i] : Double.POSITIVE_INFINITY;
  }
}
