package dev.capacity.simulator.batching;

import dev.capacity.simulator.SimulationInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rejects replica scheduler / request queue / SLO / pipeline combinations that make no sense, before any
 * simulation starts, with a message that names what is allowed.
 */
public final class SchedulerCombinations {
  /** Request queue disciplines, as {@link RequestQueue#create} knows them. */
  public static final Set<String> QUEUES = Set.of("fcfs", "edf");

  private SchedulerCombinations() {}

  /**
   * @param scheduler the replica scheduler's name as the user wrote it
   * @param provider that scheduler
   * @param queue the request queue's name
   * @param sloNormalized {@code slo_prefill_e2e_time_normalized}, seconds per prompt token; 0 means unset
   * @param numStages pipeline stages per replica
   * @throws SimulationInputException for a nonsense combination
   */
  public static void check(
      String scheduler, ReplicaSchedulerProvider provider, String queue, double sloNormalized, int numStages) {
    if (queue == null || !QUEUES.contains(queue)) {
      throw new SimulationInputException(
          "unknown request queue '" + queue + "'; allowed: " + String.join(", ", new TreeSet<>(QUEUES)));
    }
    Set<String> supported = provider.supportedQueues();
    if (!supported.contains(queue)) {
      throw new SimulationInputException(
          "replica scheduler '" + scheduler + "' does not work with request queue '" + queue + "'; allowed with it: "
              + String.join(", ", new TreeSet<>(supported)));
    }
    if (queue.equals("edf") && !(sloNormalized > 0)) {
      throw new SimulationInputException(
          "request queue 'edf' orders requests by prefill deadline and needs slo_prefill_e2e_time_normalized > 0"
              + " (got " + sloNormalized + "); set a positive value or use request queue 'fcfs'");
    }
    if (numStages < 1) {
      throw new SimulationInputException("pipeline stages must be at least 1, got " + numStages);
    }
    if (numStages > 1 && !provider.supportsPipelineParallel()) {
      throw new SimulationInputException(
          "replica scheduler '" + scheduler + "' keeps one batch in flight and does not support pipeline"
              + " parallelism (pipeline stages = " + numStages + "); use 1 pipeline stage or one of: "
              + String.join(", ", pipelineCapable()));
    }
  }

  private static List<String> pipelineCapable() {
    ReplicaSchedulers all = ReplicaSchedulers.builtIn();
    List<String> names = new ArrayList<>();
    for (String name : all.names()) {
      if (all.get(name).supportsPipelineParallel()) {
        names.add(name);
      }
    }
    return names;
  }
}
