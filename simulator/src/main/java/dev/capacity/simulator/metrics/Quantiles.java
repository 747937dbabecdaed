package dev.capacity.simulator.metrics;

/** Quantiles with linear interpolation between order statistics (pandas' and numpy's default). */
public final class Quantiles {
  private Quantiles() {}

  /**
   * Sorts ascending in the order of {@link java.util.Arrays#sort(double[])} (-0.0 before 0.0, NaN last),
   * by an LSD radix sort on the values' bits: every probe sorts a few dozen columns of tens of thousands of
   * values for its quantile tables and percentiles, and this takes a fraction of a comparison sort's time.
   * NaNs come out as the canonical NaN.
   */
  public static void sort(double[] values) {
    int n = values.length;
    if (n < 64) {
      java.util.Arrays.sort(values);
      return;
    }
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      long bits = Double.doubleToLongBits(values[i]); // one NaN, above +inf once mapped
      keys[i] = bits ^ ((bits >> 63) | Long.MIN_VALUE); // negatives: all bits flipped; others: sign bit
    }
    long[] other = new long[n];
    int[] count = new int[257];
    for (int shift = 0; shift < 64; shift += 8) {
      java.util.Arrays.fill(count, 0);
      for (long k : keys) {
        count[(int) ((k >>> shift) & 0xFF) + 1]++;
      }
      if (count[(int) ((keys[0] >>> shift) & 0xFF) + 1] == n) {
        continue; // every key has the same byte here
      }
      for (int b = 0; b < 256; b++) {
        count[b + 1] += count[b];
      }
      for (long k : keys) {
        other[count[(int) ((k >>> shift) & 0xFF)]++] = k;
      }
      long[] t = keys;
      keys = other;
      other = t;
    }
    for (int i = 0; i < n; i++) {
      long k = keys[i];
      values[i] = Double.longBitsToDouble(k < 0 ? k ^ Long.MIN_VALUE : ~k);
    }
  }

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
