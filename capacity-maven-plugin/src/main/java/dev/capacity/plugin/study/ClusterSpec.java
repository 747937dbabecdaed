package dev.capacity.plugin.study;

/**
 * One {@code clusters[]} item: a node type.
 *
 * @param deviceAt where its {@code device:} value is, for a device the simulator lacks
 * @param networkDeviceAt where its {@code network_device:} value is, likewise for node types
 */
public record ClusterSpec(String device, String networkDevice, int gpusPerNode, Location at,
    Location deviceAt, Location networkDeviceAt) {
  /** Vidur's cluster key is the network device alone. */
  public String key() {
    return networkDevice;
  }
}
