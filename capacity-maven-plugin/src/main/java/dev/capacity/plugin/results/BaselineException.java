package dev.capacity.plugin.results;

import java.nio.file.Path;
import java.util.List;

/** A baseline file that cannot be gated against: each problem names the offending key where there is one. */
public final class BaselineException extends Exception {
  private final Path file;
  private final List<String> problems;

  public BaselineException(Path file, List<String> problems) {
    super("malformed baseline " + file + ":\n  " + String.join("\n  ", Lines.clip(problems, 20))
        + "\n  (" + Baseline.EXPECTED + ")");
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  public Path file() {
    return file;
  }

  public List<String> problems() {
    return problems;
  }
}
