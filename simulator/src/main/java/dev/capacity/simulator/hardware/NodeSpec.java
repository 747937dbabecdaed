package dev.capacity.simulator.hardware;

import dev.capacity.simulator.SimulationInputException;

/**
 * A node SKU, e.g. {@code h100_dgx}.
 *
 * @param interconnectGbps intra-node bandwidth per GPU and direction (NVLink, Infinity Fabric or PCIe),
 *     GB/s: the collectives' rate where no network profile exists
 * @param interconnectLatencyUs a collective's fixed latency (launch and synchronisation), microseconds
 * @param profilesOf the node whose network profiles ({@code network/<profilesOf>/...}) this one reads:
 *     its own name, or another node's with the same interconnect (e.g. {@code a100_40gb_dgx} reads
 *     {@code a100_dgx}'s); see {@link Catalog}
 */
public record NodeSpec(
    String name, DeviceSpec device, int devicesPerNode, double interconnectGbps,
    double interconnectLatencyUs, String profilesOf) {

  public NodeSpec {
    if (name == null || name.isBlank() || device == null || devicesPerNode < 1
        || !(interconnectGbps > 0) || !(interconnectLatencyUs >= 0)
        || Double.isInfinite(interconnectGbps + interconnectLatencyUs)) {
      throw new SimulationInputException("node '" + name + "': gpus_per_node=" + devicesPerNode
          + ", interconnect_gbps=" + interconnectGbps + ", interconnect_latency_us="
          + interconnectLatencyUs + "; allowed: gpus_per_node >= 1, interconnect_gbps > 0,"
          + " interconnect_latency_us >= 0");
    }
  }

  /** A node with its own profiles. */
  public NodeSpec(String name, DeviceSpec device, int devicesPerNode, double interconnectGbps,
      double interconnectLatencyUs) {
    this(name, device, devicesPerNode, interconnectGbps, interconnectLatencyUs, name);
  }

  /**
   * Between nodes: one 400 Gb/s InfiniBand NIC per GPU, 50 GB/s (DGX H100, DGX B200), as the pipeline
   * send/recv of the timing model assumes.
   */
  public static final double INTER_NODE_BYTES_PER_SECOND_PER_GPU = 50e9;

  public double interconnectBytesPerSecond() {
    return interconnectGbps * 1e9;
  }

  public double interconnectLatencySeconds() {
    return interconnectLatencyUs * 1e-6;
  }
}
