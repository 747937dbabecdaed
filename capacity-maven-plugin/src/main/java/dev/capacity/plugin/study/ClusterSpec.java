package dev.capacity.plugin.study;

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
 */
public record ClusterSpec(String device, String networkDevice, int gpusPerNode, Location at,
    Location deviceAt, Location networkDeviceAt, String executionMode, double apiServerInputSeconds,
    double apiServerOutputSeconds, Double costPerGpuHour) {

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

  /** Vidur's cluster key is the network device alone. */
  public String key() {
    return networkDevice;
  }
}
