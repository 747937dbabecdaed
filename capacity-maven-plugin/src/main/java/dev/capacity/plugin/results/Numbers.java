package dev.capacity.plugin.results;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Locale-independent number text for reports: up to 6 decimals, no trailing zeros. */
public final class Numbers {
  private Numbers() {}

  public static String format(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    BigDecimal d = new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
  }
}
