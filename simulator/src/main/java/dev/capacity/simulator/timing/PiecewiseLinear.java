package dev.capacity.simulator.timing;

import java.util.Arrays;

/**
 * A measured curve y(x) at increasing x: linear interpolation between points, the first value below the
 * first point (a kernel never gets faster than its smallest profiled call), and beyond the last point the
 * least-squares line through the upper range (every point at or above half the last x): GEMMs and
 * collectives grow linearly once compute- or bandwidth-bound, and a line fitted over many points does not
 * inherit the noise of the last two (the h100 Llama-3-8B TP1 profile ends on a falling pair, which the
 * last-two-points rule extended as a flat line: 32k tokens as cheap as 16k). A fitted slope below zero
 * is clamped flat. Used only when building tables, never on the hot path.
 */
final class PiecewiseLinear {
  private final double[] xs;
  private final double[] ys;
  private final double tailSlope;
  private final double tailIntercept;

  /** {@code xs} strictly increasing, same length as {@code ys}, at least one point. */
  PiecewiseLinear(double[] xs, double[] ys) {
    if (xs.length == 0 || xs.length != ys.length) {
      throw new IllegalArgumentException("need matching non-empty arrays");
    }
    this.xs = xs.clone();
    this.ys = ys.clone();
    int n = xs.length;
    int from = n - 1;
    while (from > 0 && (xs[from - 1] >= xs[n - 1] / 2 || n - from < 2)) {
      from--;
    }
    double mx = 0;
    double my = 0;
    for (int i = from; i < n; i++) {
      mx += xs[i];
      my += ys[i];
    }
    mx /= n - from;
    my /= n - from;
    double sxy = 0;
    double sxx = 0;
    for (int i = from; i < n; i++) {
      sxy += (xs[i] - mx) * (ys[i] - my);
      sxx += (xs[i] - mx) * (xs[i] - mx);
    }
    double slope = sxx > 0 ? Math.max(0.0, sxy / sxx) : 0.0;
    this.tailSlope = slope;
    this.tailIntercept = slope == 0.0 && sxx > 0 ? Math.max(my, ys[n - 1]) : my - slope * mx;
  }

  double valueAt(double x) {
    int n = xs.length;
    if (n == 1 || x <= xs[0]) {
      return ys[0];
    }
    if (x == xs[n - 1]) {
      return ys[n - 1];
    }
    if (x > xs[n - 1]) {
      return tailIntercept + tailSlope * x;
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
