package dev.capacity.plugin.study;

import java.math.BigInteger;

/**
 * A number as written in the study YAML. Vidur builds job keys from Python's {@code str()} of the
 * parsed YAML value, so {@code qps: 4} and {@code qps: 4.0} give different keys ("4" vs "4.0"); the
 * integer/float distinction must survive parsing, not just the double value.
 *
 * @param text the scalar exactly as written (for messages)
 * @param integer the exact value when YAML resolved the scalar as an int (Python {@code int}), else
 *     null
 * @param value the numeric value
 */
public record YamlNumber(String text, BigInteger integer, double value) {

  public static YamlNumber ofInt(long v) {
    return new YamlNumber(Long.toString(v), BigInteger.valueOf(v), v);
  }

  public static YamlNumber ofFloat(double v) {
    return new YamlNumber(PythonNumbers.repr(v), null, v);
  }

  /** From snakeyaml's constructed value: Integer, Long or BigInteger for ints, Double for floats. */
  static YamlNumber of(String text, Number constructed) {
    if (constructed instanceof BigInteger big) {
      return new YamlNumber(text, big, big.doubleValue());
    }
    if (constructed instanceof Integer || constructed instanceof Long) {
      return new YamlNumber(text, BigInteger.valueOf(constructed.longValue()),
          constructed.doubleValue());
    }
    return new YamlNumber(text, null, constructed.doubleValue());
  }

  public boolean integral() {
    return integer != null;
  }

  /** Python's {@code str()} of the parsed value: an int's digits, or a float's shortest repr. */
  public String pythonStr() {
    return integer != null ? integer.toString() : PythonNumbers.repr(value);
  }

  @Override
  public String toString() {
    return pythonStr();
  }
}
