package dev.capacity.plugin.study;

/**
 * One {@code clusters[]} item: a node type.
 *
 * @param deviceAt where its {@code device:} value is, for a device the simulator lacks
 * @param networkDeviceAt where its {@code network_device:} value is, likewise for node types
 * @param costPerGpuHour optional {@code cost_per_gpu_hour} (any currency per GPU-hour), for capacity per
 *     dollar in the reports; null when not given. It does not change a simulation, so not the key.
 */
public record ClusterSpec(String device, String networkDevice, int gpusPerNode, Location at,
    Location deviceAt, Location networkDeviceAt, Double costPerGpuHour) {

  public ClusterSpec(String device, String networkDevice, int gpusPerNode, Location at, Location deviceAt,
      Location networkDeviceAt) {
    this(device, networkDevice, gpusPerNode, at, deviceAt, networkDeviceAt, null);
  }

  /** Vidur's cluster key is the network device alone. */
  public String key() {
    return networkDevice;
  }
}
