package dev.capacity.simulator.batching;

/**
 * Service-provider interface for replica schedulers: list an implementation in
 * {@code META-INF/services/dev.capacity.simulator.batching.ReplicaSchedulerProvider} and the name it
 * returns becomes usable in a study's {@code replica_schedulers} list.
 */
public interface ReplicaSchedulerProvider {
  /** The name users write in YAML, e.g. {@code vllm_v1}. */
  String name();

  ReplicaScheduler create(SchedulerSettings settings);

  /**
   * Can run the decode replicas of a disaggregated layout: its schedulers take prefilled requests
   * ({@link ReplicaScheduler#addPrefilled}) and allocate their decode tokens' KV blocks as they go (not
   * reserved at admission). Default: no.
   */
  default boolean supportsDisaggregation() {
    return false;
  }

  /** Pipeline-parallel replicas supported (vllm_v1 keeps one batch in flight, so no). */
  default boolean supportsPipelineParallel() {
    return true;
  }

  /** Request queues this scheduler can work with. */
  default java.util.Set<String> supportedQueues() {
    return java.util.Set.of("fcfs", "edf");
  }
}
