package dev.capacity.simulator.hardware;

/**
 * A node SKU, e.g. {@code h100_dgx}.
 *
 * @param profilesOf the node whose network profiles ({@code network/<profilesOf>/...}) this one reads:
 *     its own name, or another node's with the same interconnect (e.g. {@code a100_40gb_dgx} reads
 *     {@code a100_dgx}'s); see {@link Catalog}
 */
public record NodeSpec(String name, DeviceSpec device, int devicesPerNode, String profilesOf) {

  /** A node with its own profiles. */
  public NodeSpec(String name, DeviceSpec device, int devicesPerNode) {
    this(name, device, devicesPerNode, name);
  }
}
