package dev.capacity.plugin.shard;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shard {@code index} of {@code count} (1-based, as a CI matrix counts): {@code -Dcapacity.shard=2/3}.
 */
public record Shard(int index, int count) {
  private static final Pattern SPEC = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*");
  private static final Pattern DIR = Pattern.compile("shard-(\\d+)-of-(\\d+)");

  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException("shard " + index + "/" + count
          + " does not exist: expected K/N with 1 <= K <= N, e.g. 2/3 for the second of three shards");
    }
  }

  /** Parses {@code K/N}. */
  public static Shard parse(String spec) {
    Matcher m = SPEC.matcher(spec == null ? "" : spec);
    if (!m.matches()) {
      throw new IllegalArgumentException("capacity.shard must be K/N (1-based, e.g. 2/3), not \"" + spec + "\"");
    }
    try {
      return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("capacity.shard must be K/N (1-based, e.g. 2/3), not \"" + spec + "\"");
    }
  }

  /** True for a folder named like {@link #dirName()}. */
  public static boolean isDirName(String name) {
    return DIR.matcher(name).matches();
  }

  /** {@code shard-K-of-N}: the folder of this shard's partial output. */
  public String dirName() {
    return "shard-" + index + "-of-" + count;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
