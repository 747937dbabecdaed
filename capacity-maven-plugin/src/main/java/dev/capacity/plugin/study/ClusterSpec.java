package dev.capacity.plugin.study;

import dev.capacity.simulator.hardware.NodeSpec;
import dev.capacity.simulator.timing.EngineOverhead;

/**
 * One {@code clusters[]} item: a node type.
 *
 * @param deviceAt where its {@code device:} value is, for a device the simulator lacks
 * @param networkDeviceAt where its {@code network_device:} value is, likewise for node types
 * @param executionMode the serving engine's per-iteration overhead: {@code cuda_graphs} (default),
 *     {@code eager} or {@code none} (GPU kernels only, as Vidur)
 * @param apiServerInputSeconds per request, API-server time before the engine sees it (default 0)
 * @param apiServerOutputSeconds per request, API-server time after its last token (default 0)
 * @param costPerGpuHour optional {@code cost_per_gpu_hour} (any currency per GPU-hour), for capacity per
 *     dollar in the reports; null when not given. It does not change a simulation, so not the key.
 * @param node the node type (with its device) when the study defines it inline ({@code memory_gb} and
 *     the other hardware keys); null for a catalog node type
 * @param weightDtype {@code weight_dtype}, overriding the models'; null when not given
 * @param kvCacheDtype {@code kv_cache_dtype}, overriding the models'; null when not given
 * @param expertParallel {@code expert_parallel}: a mixture of experts places whole experts per GPU
 */
public record ClusterSpec(String device, String networkDevice, int gpusPerNode, Location at,
    Location deviceAt, Location networkDeviceAt, String executionMode, double apiServerInputSeconds,
    double apiServerOutputSeconds, Double costPerGpuHour, NodeSpec node, String weightDtype,
    String kvCacheDtype, boolean expertParallel) {

  /** A catalog node type at the models' precisions, without expert parallelism. */
  public ClusterSpec(String device, String networkDevice, int gpusPerNode, Location at,
      Location deviceAt, Location networkDeviceAt, String executionMode, double apiServerInputSeconds,
      double apiServerOutputSeconds, Double costPerGpuHour) {
    this(device, networkDevice, gpusPerNode, at, deviceAt, networkDeviceAt, executionMode,
        apiServerInputSeconds, apiServerOutputSeconds, costPerGpuHour, null, null, null, false);
  }

  /** A node type served by vLLM with CUDA graphs, no API-server time and no price. */
  public ClusterSpec(String device, String networkDevice, int gpusPerNode, Location at,
      Location deviceAt, Location networkDeviceAt) {
    this(device, networkDevice, gpusPerNode, at, deviceAt, networkDeviceAt,
        EngineOverhead.CUDA_GRAPHS, 0.0, 0.0, null);
  }

  /** A priced node type served by vLLM with CUDA graphs and no API-server time. */
  public ClusterSpec(String device, String networkDevice, int gpusPerNode, Location at,
      Location deviceAt, Location networkDeviceAt, Double costPerGpuHour) {
    this(device, networkDevice, gpusPerNode, at, deviceAt, networkDeviceAt,
        EngineOverhead.CUDA_GRAPHS, 0.0, 0.0, costPerGpuHour);
  }

  /**
   * Vidur's cluster key is the network device alone; a cluster that overrides the precisions, places
   * experts in parallel, runs another execution mode or pays API-server time appends them
   * ({@code h100_dgx_wfp8_kvfp8_ep}, {@code h100_dgx_eager}, {@code h100_dgx_api0.05+0.02}), so two
   * clusters differing only there are distinct jobs. Without those keys the key is Vidur's, and existing baselines still match.
   * An inline node type is named by its own {@code network_device}, which no catalog node shares.
   */
  public String key() {
    StringBuilder key = new StringBuilder(networkDevice);
    if (weightDtype != null) {
      key.append("_w").append(weightDtype);
    }
    if (kvCacheDtype != null) {
      key.append("_kv").append(kvCacheDtype);
    }
    if (expertParallel) {
      key.append("_ep");
    }
    if (executionMode != null && !executionMode.equals(EngineOverhead.CUDA_GRAPHS)) {
      key.append('_').append(executionMode);
    }
    if (apiServerInputSeconds != 0 || apiServerOutputSeconds != 0) {
      key.append("_api").append(PythonNumbers.repr(apiServerInputSeconds)).append('+')
          .append(PythonNumbers.repr(apiServerOutputSeconds));
    }
    return key.toString();
  }
}
