package dev.capacity.plugin.study;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr()} / {@code str()} of a float, because Vidur's job keys and run folders print
 * numbers that way and reusing existing output folders needs the same bytes.
 *
 * <p>Python prints the shortest decimal that round-trips (nearest one if several), in fixed notation
 * when the decimal exponent is in [-4, 16), otherwise as {@code d.ddde+XX} with at least two exponent
 * digits. Java 17's {@code Double.toString} is neither always shortest nor in that layout, so the
 * digits are found here with {@link BigDecimal}.
 */
public final class PythonNumbers {
  private PythonNumbers() {}

  /** Python {@code repr(float(d))}, e.g. 8.0, 0.1, 1e-05, 1e+16, 0.30000000000000004. */
  public static String repr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return Double.doubleToRawLongBits(d) < 0 ? "-0.0" : "0.0";
    }
    String sign = d < 0 ? "-" : "";
    BigDecimal shortest = shortestRoundTrip(Math.abs(d)).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    // value = 0.<digits> x 10^decpt, the convention of Python's float_repr_style 'short'
    int decpt = digits.length() - shortest.scale();
    if (decpt > 16 || decpt < -3) {
      return sign + exponential(digits, decpt - 1);
    }
    return sign + fixed(digits, decpt);
  }

  /** Vidur's run folder of one probe: {@code r<replicas>_q<qps as Python float>}, e.g. r8_q5.5. */
  public static String probeFolder(int replicas, double qps) {
    return "r" + replicas + "_q" + repr(qps);
  }

  private static String exponential(String digits, int exponent) {
    StringBuilder s = new StringBuilder().append(digits.charAt(0));
    if (digits.length() > 1) {
      s.append('.').append(digits, 1, digits.length());
    }
    int abs = Math.abs(exponent);
    return s.append('e').append(exponent < 0 ? '-' : '+').append(abs < 10 ? "0" : "").append(abs)
        .toString();
  }

  private static String fixed(String digits, int decpt) {
    if (decpt <= 0) {
      return "0." + "0".repeat(-decpt) + digits;
    }
    if (decpt >= digits.length()) {
      return digits + "0".repeat(decpt - digits.length()) + ".0";
    }
    return digits.substring(0, decpt) + "." + digits.substring(decpt);
  }

  /**
   * Fewest significant digits that parse back to {@code abs}; among equally short candidates the one
   * nearest the exact binary value. The neighbours of the rounded value are tried as well because at
   * a power of two the round-trip interval is lopsided and the nearest p-digit decimal may miss it
   * while its neighbour hits.
   */
  private static BigDecimal shortestRoundTrip(double abs) {
    BigDecimal exact = new BigDecimal(abs);
    for (int p = 1; p <= 17; p++) {
      BigDecimal rounded = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      BigDecimal step = rounded.ulp();
      BigDecimal best = null;
      for (BigDecimal c : new BigDecimal[] {rounded, rounded.subtract(step), rounded.add(step)}) {
        if (c.signum() > 0 && c.precision() <= p && Double.parseDouble(c.toString()) == abs
            && (best == null
                || c.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
          best = c;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return exact; // unreachable: 17 significant digits always round-trip a double
  }
}
