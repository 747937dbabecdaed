package dev.capacity.plugin.study;

/** One validation problem of a study, located in the YAML (1-based line and column). */
public record Problem(String file, int line, int column, String message) {

  static Problem at(Location where, String message) {
    return new Problem(where.file(), where.line(), where.column(), message);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
