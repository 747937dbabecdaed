package dev.capacity.simulator.metrics;

import java.util.Arrays;

/**
 * The batch iterations each replica ran (its first pipeline stage), kept as histograms: a count per
 * token or sequence number (exact) and, for execution time, a count per bucket of 1/128 of a power of
 * two (HdrHistogram-style: the bucket is read off the double's exponent and top mantissa bits, so
 * logging a batch is a few bit operations and an increment, no logarithm and no allocation). The source
 * of the {@code plots/batch_*.csv} quantile tables, which show why two configurations' latencies differ.
 *
 * <p>Why histograms: a long run has millions of decode iterations (8 replicas x 2,850 simulated
 * seconds at 20 ms each is 1.1 million), and a row per iteration cost a third of a probe's time; the
 * reference keeps DDSketches for the same reason. Token and sequence quantiles are exact (the same
 * interpolation as {@link Quantiles#ofSorted}); execution-time quantiles are within 0.4 % (half a
 * bucket's relative width), sums and counts exact.
 */
public final class BatchLog {
  /** The logged quantities, in the reference's names ({@code plots/<name>.csv}). */
  public enum Column {
    BATCH_EXECUTION_TIME, BATCH_NUM_TOKENS, BATCH_NUM_PREFILL_TOKENS, BATCH_NUM_DECODE_TOKENS, BATCH_SIZE;

    public String fileName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Sub-buckets per power of two: 7 mantissa bits. */
  private static final int SUB_BITS = 7;
  /** Exponents (biased) kept apart: 2^-40 s (about 1e-12) to 2^24 s; others clamp to the ends. */
  private static final int MIN_EXPONENT = 1023 - 40;
  private static final int MAX_EXPONENT = 1023 + 23;
  private static final int TIME_BUCKETS = (MAX_EXPONENT - MIN_EXPONENT + 1) << SUB_BITS;

  private ReplicaBatches[] replicas = new ReplicaBatches[0];
  private long size;

  public void add(int replicaId, double executionSeconds, int numTokens, int numPrefillTokens,
      int numDecodeTokens, int numSequences) {
    if (replicaId >= replicas.length) {
      replicas = Arrays.copyOf(replicas, replicaId + 1);
    }
    ReplicaBatches r = replicas[replicaId];
    if (r == null) {
      r = replicas[replicaId] = new ReplicaBatches();
    }
    r.count++;
    r.timeBuckets[timeBucket(executionSeconds)]++;
    r.sums[Column.BATCH_EXECUTION_TIME.ordinal()] += executionSeconds;
    r.addCount(Column.BATCH_NUM_TOKENS, numTokens);
    r.addCount(Column.BATCH_NUM_PREFILL_TOKENS, numPrefillTokens);
    r.addCount(Column.BATCH_NUM_DECODE_TOKENS, numDecodeTokens);
    r.addCount(Column.BATCH_SIZE, numSequences);
    size++;
  }

  /** Batches logged over all replicas. */
  public long size() {
    return size;
  }

  /** Batches one replica ran. */
  public long count(int replicaId) {
    ReplicaBatches r = replica(replicaId);
    return r == null ? 0 : r.count;
  }

  /** The sum of a column over one replica's batches (exact; seconds for execution time). */
  public double sum(Column column, int replicaId) {
    ReplicaBatches r = replica(replicaId);
    return r == null ? 0 : r.sums[column.ordinal()];
  }

  /**
   * The quantiles {@code qs} (each in [0, 1]) of a column over one replica's batches, with linear
   * interpolation between order statistics; NaN for a replica without batches.
   */
  public double[] quantiles(Column column, int replicaId, double[] qs) {
    double[] out = new double[qs.length];
    ReplicaBatches r = replica(replicaId);
    if (r == null || r.count == 0) {
      Arrays.fill(out, Double.NaN);
      return out;
    }
    boolean time = column == Column.BATCH_EXECUTION_TIME;
    int[] counts = time ? r.timeBuckets : r.counts[column.ordinal()];
    long[] cumulative = new long[counts.length];
    long c = 0;
    for (int i = 0; i < counts.length; i++) {
      c += counts[i];
      cumulative[i] = c;
    }
    for (int i = 0; i < qs.length; i++) {
      double pos = qs[i] * (r.count - 1);
      long lo = (long) Math.floor(pos);
      long hi = Math.min(lo + 1, r.count - 1);
      double frac = pos - lo;
      double a = value(time, orderStatistic(cumulative, lo));
      double b = value(time, orderStatistic(cumulative, hi));
      out[i] = frac == 0 || a == b ? a : a + (b - a) * frac;
    }
    return out;
  }

  private ReplicaBatches replica(int replicaId) {
    return replicaId < replicas.length ? replicas[replicaId] : null;
  }

  /** The index of the bucket holding the k-th smallest value (0-based). */
  private static int orderStatistic(long[] cumulative, long k) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > k) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static double value(boolean time, int bucket) {
    return time ? bucketMidpoint(bucket) : bucket;
  }

  static int timeBucket(double seconds) {
    if (!(seconds > 0)) {
      return 0;
    }
    long bits = Double.doubleToRawLongBits(seconds);
    int exponent = (int) (bits >>> 52) & 0x7ff;
    if (exponent < MIN_EXPONENT) {
      return 0;
    }
    if (exponent > MAX_EXPONENT) {
      return TIME_BUCKETS - 1;
    }
    int sub = (int) (bits >>> (52 - SUB_BITS)) & ((1 << SUB_BITS) - 1);
    return ((exponent - MIN_EXPONENT) << SUB_BITS) | sub;
  }

  /** The middle of a time bucket: within half a bucket, 1/256 relative, of every value in it. */
  static double bucketMidpoint(int bucket) {
    long exponent = (bucket >>> SUB_BITS) + MIN_EXPONENT;
    long sub = bucket & ((1 << SUB_BITS) - 1);
    double lower = Double.longBitsToDouble((exponent << 52) | (sub << (52 - SUB_BITS)));
    double upper = Double.longBitsToDouble((exponent << 52) + ((sub + 1) << (52 - SUB_BITS)));
    return (lower + upper) * 0.5;
  }

  /** One replica's histograms: value-indexed counts for the integer columns, buckets for time. */
  private static final class ReplicaBatches {
    long count;
    final int[] timeBuckets = new int[TIME_BUCKETS];
    final int[][] counts = new int[Column.values().length][];
    final double[] sums = new double[Column.values().length];

    ReplicaBatches() {
      for (int i = 1; i < counts.length; i++) {
        counts[i] = new int[64];
      }
    }

    void addCount(Column column, int value) {
      int[] c = counts[column.ordinal()];
      if (value >= c.length) {
        c = counts[column.ordinal()] = Arrays.copyOf(c, Math.max(value + 1, 2 * c.length));
      }
      c[value]++;
      sums[column.ordinal()] += value;
    }
  }
}
