package dev.capacity.simulator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchLogTest {
  private static final double[] CDF = {0, 0.01, 0.1, 0.25, 0.5, 0.77, 0.9, 0.99, 1};

  @Test
  void tokenAndSizeQuantilesAreExactAndTimesWithinHalfABucket() {
    SplittableRandom rnd = new SplittableRandom(7);
    BatchLog log = new BatchLog();
    int n = 5_001;
    double[] tokens = new double[n];
    double[] sizes = new double[n];
    double[] seconds = new double[n];
    for (int i = 0; i < n; i++) {
      int prefill = rnd.nextInt(3) == 0 ? rnd.nextInt(513) : 0;
      int decodes = rnd.nextInt(200);
      tokens[i] = prefill + decodes;
      sizes[i] = decodes + (prefill > 0 ? 1 : 0);
      seconds[i] = 0.004 + rnd.nextDouble() * rnd.nextDouble() * 0.3;
      log.add(1, seconds[i], prefill + decodes, prefill, decodes, (int) sizes[i]);
    }
    Arrays.sort(tokens);
    Arrays.sort(sizes);
    Arrays.sort(seconds);
    double[] t = log.quantiles(BatchLog.Column.BATCH_NUM_TOKENS, 1, CDF);
    double[] s = log.quantiles(BatchLog.Column.BATCH_SIZE, 1, CDF);
    double[] e = log.quantiles(BatchLog.Column.BATCH_EXECUTION_TIME, 1, CDF);
    for (int i = 0; i < CDF.length; i++) {
      assertThat(t[i]).as("tokens q%s", CDF[i]).isEqualTo(Quantiles.ofSorted(tokens, CDF[i]));
      assertThat(s[i]).as("sizes q%s", CDF[i]).isEqualTo(Quantiles.ofSorted(sizes, CDF[i]));
      double exact = Quantiles.ofSorted(seconds, CDF[i]);
      assertThat(Math.abs(e[i] / exact - 1)).as("time q%s", CDF[i]).isLessThanOrEqualTo(1.0 / 256);
    }
    assertThat(log.count(1)).isEqualTo(n);
    assertThat(log.count(0)).isZero();
    assertThat(log.quantiles(BatchLog.Column.BATCH_SIZE, 0, CDF)[0]).isNaN();
    assertThat(log.sum(BatchLog.Column.BATCH_NUM_TOKENS, 1)).isEqualTo(Arrays.stream(tokens).sum());
  }

  @Test
  void bucketsCoverEveryTimeWithinOneTwoHundredFiftySixth() {
    for (double v = 1e-9; v < 1e5; v *= 1.0137) {
      double mid = BatchLog.bucketMidpoint(BatchLog.timeBucket(v));
      assertThat(Math.abs(mid / v - 1)).as("%s s", v).isLessThanOrEqualTo(1.0 / 256);
    }
  }
}
