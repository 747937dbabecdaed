package dev.capacity.plugin.study;

import java.util.Optional;

/** One {@code request_queues[]} item; edf orders by a prefill deadline derived from the SLO. */
public record RequestQueueSpec(String name, String provider,
    Optional<YamlNumber> sloPrefillE2eTimeNormalized, Location at) {

  public static final String FCFS = "fcfs";
  public static final String EDF = "edf";

  public String key() {
    return name;
  }
}
