package dev.capacity.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.capacity.simulator.hardware.NodeSpec;

/**
 * A disaggregated prefill/decode layout of a {@link SimulationConfig}: {@code prefillReplicas} replicas
 * compute prompts and first tokens, {@code decodeReplicas} replicas generate the rest, each request's KV
 * cache moving between them over a link (DistServe, Splitwise, vLLM disaggregated prefill, Mooncake; see
 * the site's policies page). Same model and replica scheduler as the rest of the config; each pool may
 * have its own tensor parallelism and its own node type (hence GPU).
 *
 * @param prefillTensorParallel TP of a prefill replica; 0 for the config's {@code tensorParallel}
 * @param decodeTensorParallel TP of a decode replica; 0 for the config's {@code tensorParallel}
 * @param prefillRouter router of the prefill pool (any router name, e.g. a cache-aware one)
 * @param decodeRouter router of the decode pool (e.g. {@code lor}, least outstanding requests)
 * @param kvLinkGbps bandwidth of one prefill-to-decode transfer, GB/s (may be infinite); null for the
 *     default: the node's interconnect per GPU when both pools are on the same node type and the whole
 *     layout fits in one node, else 50 GB/s per GPU (one 400 Gb/s NIC each), times min(prefill TP,
 *     decode TP) GPUs sending in parallel
 * @param kvLinkLatencySeconds fixed cost of one transfer, s; null for the interconnect latency of the
 *     pools' node types (the larger when they differ)
 * @param prefillNetworkDevice node type of the prefill replicas (its GPU is theirs: the timing and the
 *     KV capacity follow it); null for the config's {@code networkDevice}
 * @param decodeNetworkDevice likewise for the decode replicas
 * @param prefillNodeSpec the prefill node type when defined with the config (as
 *     {@link SimulationConfig#nodeSpec()}); null to look {@code prefillNetworkDevice} up in the catalog
 * @param decodeNodeSpec likewise for the decode node type
 * @param kvTransfer when the KV cache moves: {@value #AFTER_PREFILL} (null, the default: the whole
 *     prompt's cache after its first token) or {@value #LAYERWISE} (each layer's as it is computed, so
 *     the transfer overlaps the prompt's computation; see {@code DisaggregatedSetup#transferSeconds})
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
    Double kvLinkLatencySeconds,
    String prefillNetworkDevice,
    String decodeNetworkDevice,
    NodeSpec prefillNodeSpec,
    NodeSpec decodeNodeSpec,
    String kvTransfer) {

  public static final String AFTER_PREFILL = "after_prefill";
  public static final String LAYERWISE = "layerwise";

  /** Both pools on the config's node type, the KV cache sent after the prefill. */
  public DisaggregatedLayout(int prefillReplicas, int decodeReplicas, int prefillTensorParallel,
      int decodeTensorParallel, String prefillRouter, String decodeRouter, Double kvLinkGbps,
      Double kvLinkLatencySeconds) {
    this(prefillReplicas, decodeReplicas, prefillTensorParallel, decodeTensorParallel, prefillRouter,
        decodeRouter, kvLinkGbps, kvLinkLatencySeconds, null, null, null, null, null);
  }

  /** P prefill and D decode replicas at the config's TP, default link. */
  public static DisaggregatedLayout of(int prefill, int decode, String prefillRouter, String decodeRouter) {
    return new DisaggregatedLayout(prefill, decode, 0, 0, prefillRouter, decodeRouter, null, null);
  }

  public DisaggregatedLayout withLink(Double gbps, Double latencySeconds) {
    return new DisaggregatedLayout(prefillReplicas, decodeReplicas, prefillTensorParallel, decodeTensorParallel,
        prefillRouter, decodeRouter, gbps, latencySeconds, prefillNetworkDevice, decodeNetworkDevice,
        prefillNodeSpec, decodeNodeSpec, kvTransfer);
  }

  public DisaggregatedLayout withTensorParallel(int prefill, int decode) {
    return new DisaggregatedLayout(prefillReplicas, decodeReplicas, prefill, decode, prefillRouter,
        decodeRouter, kvLinkGbps, kvLinkLatencySeconds, prefillNetworkDevice, decodeNetworkDevice,
        prefillNodeSpec, decodeNodeSpec, kvTransfer);
  }

  /**
   * The pools' node types: catalog names, or the names of the given definitions (null for the config's).
   */
  public DisaggregatedLayout withNetworkDevices(String prefill, NodeSpec prefillSpec, String decode,
      NodeSpec decodeSpec) {
    return new DisaggregatedLayout(prefillReplicas, decodeReplicas, prefillTensorParallel, decodeTensorParallel,
        prefillRouter, decodeRouter, kvLinkGbps, kvLinkLatencySeconds, prefill, decode, prefillSpec, decodeSpec,
        kvTransfer);
  }

  /** {@value #AFTER_PREFILL} (or null) or {@value #LAYERWISE}. */
  public DisaggregatedLayout withKvTransfer(String mode) {
    return new DisaggregatedLayout(prefillReplicas, decodeReplicas, prefillTensorParallel, decodeTensorParallel,
        prefillRouter, decodeRouter, kvLinkGbps, kvLinkLatencySeconds, prefillNetworkDevice, decodeNetworkDevice,
        prefillNodeSpec, decodeNodeSpec, mode);
  }

  /** The prefill TP, resolved against the config's. */
  public int prefillTp(int configTp) {
    return prefillTensorParallel > 0 ? prefillTensorParallel : configTp;
  }

  public int decodeTp(int configTp) {
    return decodeTensorParallel > 0 ? decodeTensorParallel : configTp;
  }

  /** The prefill pool's node type name, resolved against the config's. */
  public String prefillNode(String configNetworkDevice) {
    return prefillNetworkDevice != null ? prefillNetworkDevice : configNetworkDevice;
  }

  public String decodeNode(String configNetworkDevice) {
    return decodeNetworkDevice != null ? decodeNetworkDevice : configNetworkDevice;
  }

  /** True when the KV cache streams layer by layer during the prefill. */
  public boolean layerwise() {
    return LAYERWISE.equals(kvTransfer);
  }

  /** A short label, e.g. {@code 2P6D}, with TPs when they differ from {@code configTp}. */
  public String label(int configTp) {
    int p = prefillTp(configTp);
    int d = decodeTp(configTp);
    return prefillReplicas + "P" + decodeReplicas + "D" + (p == configTp && d == configTp ? "" : "-tp" + p + "/" + d);
  }

  /**
   * {@link #label(int)}, then the pools' node types when either is not the config's
   * ({@code 2P6D-h100_dgx/a100_dgx}).
   */
  public String label(int configTp, String configNetworkDevice) {
    return label(configTp) + (prefillNetworkDevice == null && decodeNetworkDevice == null ? ""
        : "-" + prefillNode(configNetworkDevice) + "/" + decodeNode(configNetworkDevice));
  }
}
