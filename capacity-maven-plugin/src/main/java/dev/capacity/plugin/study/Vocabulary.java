package dev.capacity.plugin.study;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names a study may use. A parameter of the reader rather than a constant so the plugin can add
 * routers and replica schedulers registered through ServiceLoader.
 *
 * @param routers allowed {@code global_schedulers[].scheduler} names
 * @param replicaSchedulers allowed {@code replica_schedulers[].scheduler} names
 * @param chunkedReplicaSchedulers those that take (and require) {@code chunk_size}; the others
 *     reject it, since a chunk size they would ignore only misleads
 * @param metrics allowed SLO metric names (time columns of request_metrics.csv)
 */
public record Vocabulary(Set<String> routers, Set<String> replicaSchedulers,
    Set<String> chunkedReplicaSchedulers, Set<String> metrics) {

  public Vocabulary {
    routers = Set.copyOf(routers);
    replicaSchedulers = Set.copyOf(replicaSchedulers);
    chunkedReplicaSchedulers = Set.copyOf(chunkedReplicaSchedulers);
    metrics = Set.copyOf(metrics);
  }

  public static final List<String> BUILTIN_ROUTERS = List.of("round_robin", "random", "lor", "lop",
      "lop_binary", "lop_batch_end", "lop_uncached", "sticky_round_robin", "sticky_lor",
      "sticky_lop", GlobalSchedulerSpec.TOLERANT, GlobalSchedulerSpec.RANKED, GlobalSchedulerSpec.SCORER);

  public static final List<String> BUILTIN_REPLICA_SCHEDULERS =
      List.of("vllm_v1", "vllm", "sarathi", "orca", "faster_transformer", "lightllm");

  public static final List<String> CHUNKED_REPLICA_SCHEDULERS = List.of("vllm_v1", "sarathi");

  public static final List<String> TIME_METRICS = List.of("request_e2e_time",
      "request_e2e_time_normalized", "request_execution_time", "request_execution_time_normalized",
      "request_model_execution_time", "request_model_execution_time_normalized",
      "request_preemption_time", "request_scheduling_delay",
      "request_execution_plus_preemption_time", "request_execution_plus_preemption_time_normalized",
      "prefill_e2e_time", "prefill_e2e_time_normalized", "prefill_time_execution_plus_preemption",
      "prefill_time_execution_plus_preemption_normalized",
      "decode_time_execution_plus_preemption_normalized");

  public static Vocabulary builtin() {
    return new Vocabulary(Set.copyOf(BUILTIN_ROUTERS), Set.copyOf(BUILTIN_REPLICA_SCHEDULERS),
        Set.copyOf(CHUNKED_REPLICA_SCHEDULERS), Set.copyOf(TIME_METRICS));
  }

  /** This vocabulary plus extra router names (e.g. from ServiceLoader). */
  public Vocabulary withRouters(Set<String> extra) {
    Set<String> all = new LinkedHashSet<>(routers);
    all.addAll(extra);
    return new Vocabulary(all, replicaSchedulers, chunkedReplicaSchedulers, metrics);
  }

  /** This vocabulary plus extra replica schedulers; {@code chunked} ones require chunk_size. */
  public Vocabulary withReplicaSchedulers(Set<String> extra, Set<String> chunked) {
    Set<String> all = new LinkedHashSet<>(replicaSchedulers);
    all.addAll(extra);
    Set<String> allChunked = new LinkedHashSet<>(chunkedReplicaSchedulers);
    allChunked.addAll(chunked);
    return new Vocabulary(routers, all, allChunked, metrics);
  }
}
