package dev.capacity.simulator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuantilesTest {
  /** The radix sort must give exactly the JDK's order, special values included. */
  @Test
  void sortMatchesArraysSortIncludingSignedZerosInfinitiesAndNaN() {
    SplittableRandom rnd = new SplittableRandom(3);
    double[] specials = {
      0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
      -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0
    };
    for (int n : new int[] {0, 1, 63, 64, 65, 1000, 23_608}) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = switch (rnd.nextInt(4)) {
          case 0 -> specials[rnd.nextInt(specials.length)];
          case 1 -> rnd.nextInt(100) / 8.0; // many ties
          case 2 -> -rnd.nextDouble() * 1e6;
          default -> rnd.nextDouble() * 100;
        };
      }
      double[] expected = v.clone();
      Arrays.sort(expected);
      Quantiles.sort(v);
      for (int i = 0; i < n; i++) {
        assertThat(Double.doubleToLongBits(v[i])).as("n %d index %d", n, i)
            .isEqualTo(Double.doubleToLongBits(expected[i]));
      }
    }
  }

  @Test
  void quantilesInterpolateBetweenOrderStatistics() {
    double[] sorted = {1, 2, 3, 4};
    assertThat(Quantiles.ofSorted(sorted, 0.5)).isEqualTo(2.5);
    assertThat(Quantiles.ofSorted(sorted, 1.0)).isEqualTo(4.0);
    assertThat(Quantiles.ofSorted(new double[0], 0.5)).isNaN();
  }
}
