package dev.capacity.plugin.study;

/**
 * A search config's {@code layout:}: disaggregated prefill and decode (issue 20's first slice). The
 * job's router (its {@code global_schedulers} item) routes to the prefill replicas; {@code decodeRouter}
 * picks the decode replica that receives the request's KV cache.
 *
 * @param prefillTp the prefill replicas' TP, or 0 for the job's
 * @param decodeTp the decode replicas' TP, or 0 for the job's
 * @param kvLinkGbps the KV transfer link, GB/s, or null for the node's default
 * @param kvLinkLatencySeconds the link's fixed cost per transfer, s, or null for the node's default
 */
public record LayoutSpec(int prefillReplicas, int decodeReplicas, String decodeRouter, int prefillTp,
    int decodeTp, Double kvLinkGbps, Double kvLinkLatencySeconds, Location at) {

  public static final String DEFAULT_DECODE_ROUTER = "lor";

  /**
   * The part of the job key that names the layout: {@code _2P6D}, then anything not at its default
   * ({@code _dr-round_robin}, {@code _tp1-2}, {@code _kv50g}, {@code _kvlat0.0001}).
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
    return k.toString();
  }
}
