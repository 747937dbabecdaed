package dev.capacity.plugin.shard;

import java.util.List;

/** Shard outputs that cannot be merged; every problem names the shard folder(s) and what was expected. */
public final class ShardMergeException extends Exception {
  private final List<String> problems;

  public ShardMergeException(List<String> problems) {
    super(String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
