package dev.capacity.simulator.metrics;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffered ASCII writer for large CSVs: digits go straight into a byte buffer, with no
 * {@code StringBuilder}, {@code String} or charset encoder per value. Every probe of a study writes a
 * {@code request_metrics.csv} of tens of thousands of rows. Numbers are spelled exactly as
 * {@link Decimals} spells them.
 */
final class AsciiOut implements AutoCloseable {
  private final OutputStream out;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private final byte[] digits = new byte[20];
  private final StringBuilder rare = new StringBuilder(32);

  AsciiOut(OutputStream out) {
    this.out = out;
  }

  AsciiOut append(char c) throws IOException {
    if (pos == buf.length) {
      flush();
    }
    buf[pos++] = (byte) c;
    return this;
  }

  AsciiOut append(String s) throws IOException {
    for (int i = 0; i < s.length(); i++) {
      append(s.charAt(i));
    }
    return this;
  }

  AsciiOut append(long v) throws IOException {
    if (pos + 21 > buf.length) {
      flush();
    }
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        return append(Long.toString(v));
      }
      buf[pos++] = '-';
      v = -v;
    }
    int n = 0;
    do {
      digits[n++] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) {
      buf[pos++] = digits[--n];
    }
    return this;
  }

  /** {@code value} with 6 decimals, as {@link Decimals#append(StringBuilder, double, int)} writes it. */
  AsciiOut appendFixed6(double value) throws IOException {
    if (Double.isNaN(value) || Double.isInfinite(value) || Math.abs(value) * 1e6 >= 9.0e18) {
      rare.setLength(0);
      Decimals.append(rare, value, 6);
      return append(rare.toString());
    }
    long scaled = Math.round(value * 1_000_000L);
    if (scaled < 0) {
      append('-');
      scaled = -scaled;
    }
    long whole = scaled / 1_000_000L;
    append(whole);
    if (pos + 7 > buf.length) {
      flush();
    }
    buf[pos++] = '.';
    int frac = (int) (scaled - whole * 1_000_000L);
    for (int i = pos + 5; i >= pos; i--) {
      buf[i] = (byte) ('0' + frac % 10);
      frac /= 10;
    }
    pos += 6;
    return this;
  }

  void flush() throws IOException {
    out.write(buf, 0, pos);
    pos = 0;
  }

  @Override
  public void close() throws IOException {
    flush();
    out.close();
  }
}
