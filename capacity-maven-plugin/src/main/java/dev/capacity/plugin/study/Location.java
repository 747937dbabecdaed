package dev.capacity.plugin.study;

/** Where an item starts in the study YAML (1-based line and column), for messages. */
public record Location(String file, int line, int column) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
