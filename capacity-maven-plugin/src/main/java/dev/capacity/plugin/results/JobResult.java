package dev.capacity.plugin.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One job of the grid and what its search found.
 *
 * @param numRequests the {@code num_requests} the search config asked for per probe
 * @param requestsArrived how many requests were actually simulated, when fewer than asked arrived
 *     before the time limit: those of the probe at the capacity found, else the most of any probe
 *     that ran to its end; null (and absent from results.json) when all asked arrived or no probe
 *     ran to its end
 * @param capacity max QPS (search_for qps), min replicas (num_replicas), or null (isoqps, failed, or
 *     nothing passed); always a point that was simulated and passed
 * @param unit "qps", "replicas" or "none"
 * @param error why the search could not run, or null
 * @param status {@code NOT_FOUND} or {@code BELOW_MIN_QPS} when a search ended without a capacity, else
 *     null and left out of results.json, so the results of searches that found one read as before
 * @param statusReason with {@code status}: what was simulated and still fails, for people
 * @param replicas the search config's {@code num_replicas} (a replica search's start); null in results
 *     written before it was recorded
 * @param sloQuantile the quantile the job's SLO config judges at (0.9 for p90); null in older results
 * @param costPerGpuHour the cluster's {@code cost_per_gpu_hour}, when the study gives one
 */
public record JobResult(
    int index,
    String key,
    String hash,
    String model,
    String trace,
    String cluster,
    String router,
    String requestQueue,
    String replicaScheduler,
    String slo,
    int tp,
    int pp,
    int batchSize,
    String searchFor,
    int numRequests,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer requestsArrived,
    Double capacity,
    String unit,
    String stopReason,
    List<ProbeSummary> probes,
    String error,
    @JsonInclude(JsonInclude.Include.NON_NULL) String status,
    @JsonInclude(JsonInclude.Include.NON_NULL) String statusReason,
    Integer replicas,
    Double sloQuantile,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double costPerGpuHour) {

  /** A result with a capacity, or failed: no status. */
  public JobResult(int index, String key, String hash, String model, String trace, String cluster,
      String router, String requestQueue, String replicaScheduler, String slo, int tp, int pp,
      int batchSize, String searchFor, int numRequests, Double capacity, String unit, String stopReason,
      List<ProbeSummary> probes, String error) {
    this(index, key, hash, model, trace, cluster, router, requestQueue, replicaScheduler, slo, tp, pp,
        batchSize, searchFor, numRequests, null, capacity, unit, stopReason, probes, error, null, null, null, null,
        null);
  }

  /** A result without its deployment (replicas, SLO quantile, GPU price unknown: tests, older callers). */
  public JobResult(int index, String key, String hash, String model, String trace, String cluster,
      String router, String requestQueue, String replicaScheduler, String slo, int tp, int pp,
      int batchSize, String searchFor, int numRequests, Integer requestsArrived, Double capacity, String unit,
      String stopReason, List<ProbeSummary> probes, String error, String status, String statusReason) {
    this(index, key, hash, model, trace, cluster, router, requestQueue, replicaScheduler, slo, tp, pp,
        batchSize, searchFor, numRequests, requestsArrived, capacity, unit, stopReason, probes, error, status,
        statusReason, null, null, null);
  }

  /** The same result with its deployment: replicas, the SLO's quantile, the cluster's GPU price. */
  public JobResult withDeployment(Integer replicas, Double sloQuantile, Double costPerGpuHour) {
    return new JobResult(index, key, hash, model, trace, cluster, router, requestQueue, replicaScheduler,
        slo, tp, pp, batchSize, searchFor, numRequests, requestsArrived, capacity, unit, stopReason, probes, error,
        status, statusReason, replicas, sloQuantile, costPerGpuHour);
  }

  /** The same result at another position of the grid (a shard's jobs carry their grid index). */
  public JobResult withIndex(int gridIndex) {
    return new JobResult(gridIndex, key, hash, model, trace, cluster, router, requestQueue, replicaScheduler,
        slo, tp, pp, batchSize, searchFor, numRequests, requestsArrived, capacity, unit, stopReason, probes, error,
        status, statusReason, replicas, sloQuantile, costPerGpuHour);
  }

  /** Higher capacity is better for QPS searches; fewer replicas is better for replica searches. */
  public boolean higherIsBetter() {
    return !"replicas".equals(unit);
  }

  /**
   * GPUs of the deployment the capacity is for: replicas x tp x pp; for a replica search, the minimum
   * replicas found (null without one); for a disaggregated layout, each pool's replicas at its own TP
   * (the key's {@code _tp<p>-<d>}, 0 for the job's). Null when the replica count is unknown (older
   * results).
   */
  public Integer gpus() {
    if ("replicas".equals(unit)) {
      return capacity == null ? null : (int) Math.round(capacity) * tp * pp;
    }
    if (replicas == null) {
      return null;
    }
    java.util.regex.Matcher layout = LAYOUT.matcher(withoutTiers(key));
    if (layout.find()) {
      java.util.regex.Matcher poolTp = POOL_TP.matcher(layout.group(3));
      int tpP = tp;
      int tpD = tp;
      if (poolTp.find()) {
        tpP = Integer.parseInt(poolTp.group(1)) > 0 ? Integer.parseInt(poolTp.group(1)) : tp;
        tpD = Integer.parseInt(poolTp.group(2)) > 0 ? Integer.parseInt(poolTp.group(2)) : tp;
      }
      return (Integer.parseInt(layout.group(1)) * tpP + Integer.parseInt(layout.group(2)) * tpD) * pp;
    }
    return replicas * tp * pp;
  }

  /**
   * The QPS one GPU sustains: the capacity over {@link #gpus()}; for a replica search, the search's
   * QPS (the highest the probes sent) over the GPUs found. Null without a capacity or for isoqps.
   */
  public Double qpsPerGpu() {
    Integer g = gpus();
    if (g == null || g == 0 || capacity == null) {
      return null;
    }
    if ("replicas".equals(unit)) {
      return probes.isEmpty() ? null : probes.get(0).qps() / g; // every probe of it runs the same QPS
    }
    return "qps".equals(unit) ? capacity / g : null;
  }

  /**
   * Dollars per hour of the deployment ({@link #gpus()} x cost_per_gpu_hour), or null. For a layout whose
   * pools run on node types of their own, {@code costPerGpuHour} is the GPU-weighted mean of their prices
   * (see {@code LayoutSpec.costPerGpuHour}), so this is each pool's GPUs at its own price.
   */
  public Double costPerHour() {
    Integer g = gpus();
    return g == null || costPerGpuHour == null ? null : g * costPerGpuHour;
  }

  /** QPS per dollar-per-hour: {@link #qpsPerGpu()} / cost_per_gpu_hour, or null. */
  public Double qpsPerDollarHour() {
    Double perGpu = qpsPerGpu();
    return perGpu == null || costPerGpuHour == null ? null : perGpu / costPerGpuHour;
  }

  /**
   * "2 x TP1", "1 x TP2 PP2": the deployment, for labels; only the parallelism for a replica search
   * (its capacity is the replica count) or when the replica count is unknown (older results).
   */
  public String deployment() {
    String par = "TP" + tp + (pp > 1 ? " PP" + pp : "");
    java.util.regex.Matcher layout = LAYOUT.matcher(withoutTiers(key));
    if (layout.find()) {
      // disaggregated: P prefill, D decode, each with its node type when not the job's
      String tail = layout.group(3);
      java.util.regex.Matcher p = PREFILL_NODE.matcher(tail);
      java.util.regex.Matcher d = DECODE_NODE.matcher(tail);
      return layout.group(1) + "P" + (p.find() ? "(" + p.group(1) + ")" : "") + layout.group(2) + "D"
          + (d.find() ? "(" + d.group(1) + ")" : "") + " x " + par + tiers(key);
    }
    return ("replicas".equals(unit) || replicas == null ? par : replicas + " x " + par) + tiers(key);
  }

  /**
   * The KV-cache tiers a job key names ({@code _cpukv64g}, {@code _poolkv1000g}, see
   * {@code KvTiersSpec.key}), as a deployment suffix: {@code " + cpu 64 GB + pool 1000 GB"} (whole numbers without {@code .0}); empty without.
   */
  public static String tiers(String key) {
    StringBuilder b = new StringBuilder();
    java.util.regex.Matcher m = TIER.matcher(key == null ? "" : key);
    while (m.find()) {
      String gb = m.group(2).endsWith(".0") ? m.group(2).substring(0, m.group(2).length() - 2) : m.group(2);
      b.append(" + ").append(m.group(1)).append(' ').append(gb).append(" GB");
    }
    return b.toString();
  }

  private static final java.util.regex.Pattern TIER = java.util.regex.Pattern.compile("_(cpu|pool)kv([0-9.e+]+)g");
  /** Every part of a job key that {@code KvTiersSpec.key} writes (after the layout's, at the end). */
  private static final java.util.regex.Pattern TIER_PART =
      java.util.regex.Pattern.compile("_(?:cpukv|poolkv|cpukvbw|poolkvbw)[0-9.e+-]+g|_poolkvlat[0-9.e+-]+$");

  /** The key without its KV-tier part, so that a layout's part is the key's last again. */
  private static String withoutTiers(String key) {
    return key == null ? "" : TIER_PART.matcher(key).replaceAll("");
  }

  /**
   * A disaggregated layout's part of a job key ({@code _2P6D}, then its non-defaults: see
   * {@code LayoutSpec.key}), the last part of the key.
   */
  private static final java.util.regex.Pattern LAYOUT =
      java.util.regex.Pattern.compile("_reqs\\d+_(\\d+)P(\\d+)D((?:_.*)?)$");
  /** The pools' TPs in a layout's part ({@code _tp1-2}). */
  private static final java.util.regex.Pattern POOL_TP = java.util.regex.Pattern.compile("_tp(\\d+)-(\\d+)");
  /** The pools' node types, last in a layout's part ({@code _pd-h200_hgx_dd-a100_40gb_dgx}). */
  private static final java.util.regex.Pattern PREFILL_NODE = java.util.regex.Pattern.compile("_pd-(.+?)(?=_dd-|$)");
  private static final java.util.regex.Pattern DECODE_NODE = java.util.regex.Pattern.compile("_dd-(.+)$");
}
