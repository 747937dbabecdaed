package dev.capacity.simulator.timing;

import java.util.Arrays;

/**
 * A measured curve y(x) at increasing x: linear interpolation between points, the first value below the
 * first point (a kernel never gets faster than its smallest profiled call), linear extrapolation from the
 * last two points beyond the last one (GEMMs and collectives grow linearly once bandwidth- or
 * compute-bound). Used only when building tables, never on the hot path.
 */
final class PiecewiseLinear {
  private final double[] xs;
  private final double[] ys;

  /** {@code xs} strictly increasing, same length as {@code ys}, at least one point. */
  PiecewiseLinear(double[] xs, double[] ys) {
    if (xs.length == 0 || xs.length != ys.length) {
      throw new IllegalArgumentException("need matching non-empty arrays");
    }
    this.xs = xs.clone();
    this.ys = ys.clone();
  }

  double valueAt(double x) {
    int n = xs.length;
    if (n == 1 || x <= xs[0]) {
      return ys[0];
    }
    if (x >= xs[n - 1]) {
      double slope = (ys[n - 1] - ys[n - 2]) / (xs[n - 1] - xs[n - 2]);
      // Never below the last measurement: a noisy last pair must not predict shrinking times.
      return ys[n - 1] + Math.max(0.0, slope) * (x - xs[n - 1]);
    }
    int i = Arrays.binarySearch(xs, x);
    if (i >= 0) {
      return ys[i];
    }
    int hi = -i - 1;
    int lo = hi - 1;
    double f = (x - xs[lo]) / (xs[hi] - xs[lo]);
    return ys[lo] + f * (ys[hi] - ys[lo]);
  }

  double maxX() {
    return xs[xs.length - 1];
  }

  int size() {
    return xs.length;
  }
}
