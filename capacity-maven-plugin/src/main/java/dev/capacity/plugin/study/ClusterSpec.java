package dev.capacity.plugin.study;

/** One {@code clusters[]} item: a node type. */
public record ClusterSpec(String device, String networkDevice, int gpusPerNode, Location at) {
  /** Vidur's cluster key is the network device alone. */
  public String key() {
    return networkDevice;
  }
}
