package dev.capacity.plugin.study;

import java.util.OptionalInt;

/** One {@code replica_schedulers[]} item. */
public record ReplicaSchedulerSpec(String scheduler, OptionalInt chunkSize, Location at) {
  /** Name, then {@code _cs<chunk>} when a chunk size is given. */
  public String key() {
    return chunkSize.isPresent() ? scheduler + "_cs" + chunkSize.getAsInt() : scheduler;
  }
}
