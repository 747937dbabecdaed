package dev.capacity.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A disaggregated prefill/decode layout of a {@link SimulationConfig}: {@code prefillReplicas} replicas
 * compute prompts and first tokens, {@code decodeReplicas} replicas generate the rest, each request's KV
 * cache moving between them over a link (DistServe, Splitwise, vLLM disaggregated prefill, Mooncake; see
 * the site's policies page). Same model, device, node type and replica scheduler as the rest of the config.
 *
 * @param prefillTensorParallel TP of a prefill replica; 0 for the config's {@code tensorParallel}
 * @param decodeTensorParallel TP of a decode replica; 0 for the config's {@code tensorParallel}
 * @param prefillRouter router of the prefill pool (any router name, e.g. a cache-aware one)
 * @param decodeRouter router of the decode pool (e.g. {@code lor}, least outstanding requests)
 * @param kvLinkGbps bandwidth of one prefill-to-decode transfer, GB/s (may be infinite); null for the
 *     default: the node's interconnect per GPU when the whole layout fits in one node, else 50 GB/s per
 *     GPU (one 400 Gb/s NIC each), times min(prefill TP, decode TP) GPUs sending in parallel
 * @param kvLinkLatencySeconds fixed cost of one transfer, s; null for the node's interconnect latency
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DisaggregatedLayout(
    int prefillReplicas,
    int decodeReplicas,
    int prefillTensorParallel,
    int decodeTensorParallel,
    String prefillRouter,
    String decodeRouter,
    Double kvLinkGbps,
    Double kvLinkLatencySeconds) {

  /** P prefill and D decode replicas at the config's TP, default link. */
  public static DisaggregatedLayout of(int prefill, int decode, String prefillRouter, String decodeRouter) {
    return new DisaggregatedLayout(prefill, decode, 0, 0, prefillRouter, decodeRouter, null, null);
  }

  public DisaggregatedLayout withLink(Double gbps, Double latencySeconds) {
    return new DisaggregatedLayout(prefillReplicas, decodeReplicas, prefillTensorParallel, decodeTensorParallel,
        prefillRouter, decodeRouter, gbps, latencySeconds);
  }

  public DisaggregatedLayout withTensorParallel(int prefill, int decode) {
    return new DisaggregatedLayout(prefillReplicas, decodeReplicas, prefill, decode, prefillRouter,
        decodeRouter, kvLinkGbps, kvLinkLatencySeconds);
  }

  /** The prefill TP, resolved against the config's. */
  public int prefillTp(int configTp) {
    return prefillTensorParallel > 0 ? prefillTensorParallel : configTp;
  }

  public int decodeTp(int configTp) {
    return decodeTensorParallel > 0 ? decodeTensorParallel : configTp;
  }

  /** A short label, e.g. {@code 2P6D}, with TPs when they differ from {@code configTp}. */
  public String label(int configTp) {
    int p = prefillTp(configTp);
    int d = decodeTp(configTp);
    return prefillReplicas + "P" + decodeReplicas + "D" + (p == configTp && d == configTp ? "" : "-tp" + p + "/" + d);
  }
}
