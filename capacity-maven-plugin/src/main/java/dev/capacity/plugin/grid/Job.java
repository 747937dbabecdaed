package dev.capacity.plugin.grid;

import dev.capacity.plugin.study.ClusterSpec;
import dev.capacity.plugin.study.GlobalSchedulerSpec;
import dev.capacity.plugin.study.ModelSpec;
import dev.capacity.plugin.study.ReplicaSchedulerSpec;
import dev.capacity.plugin.study.RequestQueueSpec;
import dev.capacity.plugin.study.SearchConfig;
import dev.capacity.plugin.study.SloConfig;
import dev.capacity.plugin.study.TraceSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One search of the study: a point of the job grid. The key and hash follow reference §7.3, except
 * that a qps or isoqps search's part names its replica count ({@link SearchConfig#key()}): jobs that
 * differ only in {@code num_replicas} are distinct jobs with their own run folders.
 *
 * @param batchSize the YAML's batch size; the simulator's batch cap is {@link #batchCap()}
 */
public record Job(SearchConfig search, ModelSpec model, ClusterSpec cluster, TraceSpec trace,
    GlobalSchedulerSpec router, RequestQueueSpec queue, ReplicaSchedulerSpec replicaScheduler,
    SloConfig slo, int tp, int pp, int batchSize) {

  /** Batch size x pipeline stages, as the reference passes it to the replica scheduler. */
  public int batchCap() {
    return batchSize * pp;
  }

  /**
   * {@code <model>_<trace>_<cluster>_<router>_<queue>_<replica scheduler>_tp<tp>_pp<pp>_bsz<cap>
   * _slo<slo>_search<search>}, the search part with its replica count ({@link SearchConfig#key()}).
   */
  public String key() {
    return prefix() + "_slo" + slo.key() + "_search" + search.key();
  }

  /**
   * The key without the search config's replica count, as baselines recorded before it was part of
   * the key name this job (equal to {@link #key()} for replica searches).
   */
  public String legacyKey() {
    return prefix() + "_slo" + slo.key() + "_search" + search.legacyKey();
  }

  /**
   * The deployment's price per GPU-hour: the cluster's {@code cost_per_gpu_hour}, or for a disaggregated
   * layout whose pools run on node types of their own, each pool's GPUs at its own price, averaged over
   * the GPUs (see {@link dev.capacity.plugin.study.LayoutSpec#costPerGpuHour}); null when unknown.
   */
  public Double costPerGpuHour() {
    return search.layout() == null ? cluster.costPerGpuHour()
        : search.layout().costPerGpuHour(cluster.costPerGpuHour(), tp);
  }

  /** GPUs of one replica: tensor x pipeline parallel workers. */
  public int gpusPerReplica() {
    return tp * pp;
  }

  /** First 8 hex digits of the SHA-1 of the UTF-8 key: the job's run folder. */
  public String hash() {
    return hash(key());
  }

  /**
   * The key without its SLO part. The SLO does not change a simulation, so jobs with equal
   * simulation keys can judge one probe for every SLO config instead of re-simulating (design §3).
   */
  public String simulationKey() {
    return prefix() + "_search" + search.key();
  }

  private String prefix() {
    return String.join("_", model.key(), trace.key(), cluster.key(), router.key(), queue.key(),
        replicaScheduler.key()) + "_tp" + tp + "_pp" + pp + "_bsz" + batchCap();
  }

  static String hash(String key) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha1, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-1", e);
    }
  }
}
