package dev.capacity.simulator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecimalsTest {
  @Test
  void fixedPointDigitsWithZeroPaddedFractions() {
    assertThat(Decimals.format(1.000001, 6)).isEqualTo("1.000001");
    assertThat(Decimals.format(0.05, 2)).isEqualTo("0.05");
    assertThat(Decimals.format(-2.5, 3)).isEqualTo("-2.500");
    assertThat(Decimals.format(7, 0)).isEqualTo("7");
    assertThat(Decimals.format(Double.NaN, 6)).isEqualTo("nan");
    assertThat(Decimals.format(Double.NEGATIVE_INFINITY, 6)).isEqualTo("-inf");
  }

  /** The CSV writer's byte path spells every number as Decimals (and Long.toString) do. */
  @Test
  void asciiOutSpellsNumbersLikeDecimals() throws Exception {
    SplittableRandom rnd = new SplittableRandom(9);
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1e13, -1e13,
        9.5e12, 1e300, -0.0000004, 0.0000005, 123456.9999995};
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    StringBuilder expected = new StringBuilder();
    try (AsciiOut out = new AsciiOut(bytes)) {
      for (int i = 0; i < 200_000; i++) { // several buffer flushes
        double v = i < specials.length ? specials[i] : (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(12));
        out.appendFixed6(v).append(',');
        Decimals.append(expected, v, 6);
        expected.append(',');
        long l = i < 3 ? new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0}[i] : rnd.nextLong() >> rnd.nextInt(64);
        out.append(l).append('\n');
        expected.append(l).append('\n');
      }
    }
    assertThat(bytes.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
  }

  @Test
  void agreesWithBigDecimalRoundingOnRandomValues() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < 100_000; i++) {
      double v = (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(8));
      // Math.round(v * 1e6) is what the writer has always printed; the digits must spell that number
      long scaled = Math.round(v * 1_000_000);
      String expected = BigDecimal.valueOf(scaled, 6).setScale(6, RoundingMode.UNNECESSARY).toPlainString();
      if (scaled < 0 && scaled > -1_000_000) {
        expected = "-" + BigDecimal.valueOf(-scaled, 6).toPlainString(); // "-0.xxxxxx"
      }
      assertThat(Decimals.format(v, 6)).as("%s", v).isEqualTo(expected);
    }
  }
}
