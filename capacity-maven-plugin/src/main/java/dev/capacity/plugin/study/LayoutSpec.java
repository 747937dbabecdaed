package dev.capacity.plugin.study;

import dev.capacity.simulator.DisaggregatedLayout;
import dev.capacity.simulator.hardware.NodeSpec;

/**
 * A search config's {@code layout:}: disaggregated prefill and decode (issue 20). The job's router (its
 * {@code global_schedulers} item) routes to the prefill replicas; {@code decodeRouter} picks the decode
 * replica that receives the request's KV cache.
 *
 * @param prefillTp the prefill replicas' TP, or 0 for the job's
 * @param decodeTp the decode replicas' TP, or 0 for the job's
 * @param kvLinkGbps the KV transfer link, GB/s, or null for the node's default
 * @param kvLinkLatencySeconds the link's fixed cost per transfer, s, or null for the node's default
 * @param prefillPool the prefill replicas' node type ({@code prefill_network_device}), or null for the
 *     job's cluster's
 * @param decodePool likewise for the decode replicas ({@code decode_network_device})
 * @param kvTransfer {@code layerwise}, or null for the default ({@code after_prefill})
 */
public record LayoutSpec(int prefillReplicas, int decodeReplicas, String decodeRouter, int prefillTp,
    int decodeTp, Double kvLinkGbps, Double kvLinkLatencySeconds, Pool prefillPool, Pool decodePool,
    String kvTransfer, Location at) {

  public static final String DEFAULT_DECODE_ROUTER = "lor";

  /**
   * A pool's own node type: a {@code clusters[]} item's {@code network_device} or a catalog node type.
   *
   * @param node its definition when a cluster gives one inline ({@code memory_gb}...); null for the catalog's
   * @param costPerGpuHour the {@code cost_per_gpu_hour} of the clusters of that node type; null when none
   *     gives one (or it is not among the clusters)
   */
  public record Pool(String networkDevice, NodeSpec node, Double costPerGpuHour) {}

  /** Both pools on the job's cluster, the KV cache sent after the prefill. */
  public LayoutSpec(int prefillReplicas, int decodeReplicas, String decodeRouter, int prefillTp, int decodeTp,
      Double kvLinkGbps, Double kvLinkLatencySeconds, Location at) {
    this(prefillReplicas, decodeReplicas, decodeRouter, prefillTp, decodeTp, kvLinkGbps, kvLinkLatencySeconds,
        null, null, null, at);
  }

  /** True when the KV cache streams layer by layer during the prefill. */
  public boolean layerwise() {
    return DisaggregatedLayout.LAYERWISE.equals(kvTransfer);
  }

  /**
   * The part of the job key that names the layout: {@code _2P6D}, then anything not at its default
   * ({@code _dr-round_robin}, {@code _tp1-2}, {@code _kv50g}, {@code _kvlat0.0001}, {@code _kv-layerwise}),
   * the pools' own node types last ({@code _pd-h200_hgx}, {@code _dd-a100_40gb_dgx}: a node name may hold
   * underscores, so nothing follows them).
   */
  public String key() {
    StringBuilder k = new StringBuilder("_").append(prefillReplicas).append('P').append(decodeReplicas)
        .append('D');
    if (!decodeRouter.equals(DEFAULT_DECODE_ROUTER)) {
      k.append("_dr-").append(decodeRouter);
    }
    if (prefillTp > 0 || decodeTp > 0) {
      k.append("_tp").append(prefillTp).append('-').append(decodeTp);
    }
    if (kvLinkGbps != null) {
      k.append("_kv").append(PythonNumbers.repr(kvLinkGbps)).append('g');
    }
    if (kvLinkLatencySeconds != null) {
      k.append("_kvlat").append(PythonNumbers.repr(kvLinkLatencySeconds));
    }
    if (layerwise()) {
      k.append("_kv-layerwise");
    }
    if (prefillPool != null) {
      k.append("_pd-").append(prefillPool.networkDevice());
    }
    if (decodePool != null) {
      k.append("_dd-").append(decodePool.networkDevice());
    }
    return k.toString();
  }

  /**
   * The deployment's price per GPU-hour: each pool's GPUs at its node type's {@code cost_per_gpu_hour}
   * (the job cluster's for a pool without its own), averaged over all GPUs, so that GPUs x this is the
   * deployment's cost per hour. Null when a pool's price is unknown.
   *
   * @param jobPrice the job's cluster's price, or null
   * @param jobTp the job's TP
   */
  public Double costPerGpuHour(Double jobPrice, int jobTp) {
    Double p = prefillPool == null ? jobPrice : prefillPool.costPerGpuHour();
    Double d = decodePool == null ? jobPrice : decodePool.costPerGpuHour();
    if (p == null || d == null) {
      return null;
    }
    if (prefillPool == null && decodePool == null) {
      return jobPrice; // one price: exactly the cluster's, as before pools had node types of their own
    }
    double gp = (double) prefillReplicas * (prefillTp > 0 ? prefillTp : jobTp);
    double gd = (double) decodeReplicas * (decodeTp > 0 ? decodeTp : jobTp);
    return (gp * p + gd * d) / (gp + gd);
  }
}
