package dev.capacity.simulator.metrics;

/**
 * Fixed-point formatting without {@code String.format}, which is slow enough to matter when every probe
 * writes tens of thousands of values. Locale-independent.
 */
public final class Decimals {
  private Decimals() {}

  /** {@code value} with {@code decimals} digits after the point (0 to 9), appended to {@code out}. */
  public static void append(StringBuilder out, double value, int decimals) {
    if (Double.isNaN(value)) {
      out.append("nan");
      return;
    }
    if (Double.isInfinite(value)) {
      out.append(value > 0 ? "inf" : "-inf");
      return;
    }
    long scale = POW10[decimals];
    if (Math.abs(value) * scale >= 9.0e18) {
      out.append(new java.math.BigDecimal(value).setScale(decimals, java.math.RoundingMode.HALF_EVEN).toPlainString());
      return;
    }
    long scaled = Math.round(value * scale);
    if (scaled < 0) {
      out.append('-');
      scaled = -scaled;
    }
    long whole = scaled / scale;
    out.append(whole);
    if (decimals > 0) {
      out.append('.');
      int frac = (int) (scaled - whole * scale); // below 10^9
      int at = out.length();
      out.setLength(at + decimals);
      for (int i = at + decimals - 1; i >= at; i--) { // zero-padded, no String per value
        out.setCharAt(i, (char) ('0' + frac % 10));
        frac /= 10;
      }
    }
  }

  public static String format(double value, int decimals) {
    StringBuilder sb = new StringBuilder(24);
    append(sb, value, decimals);
    return sb.toString();
  }

  private static final long[] POW10 = {
    1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L
  };
}
