package dev.capacity.simulator.hardware;

/**
 * One GPU model. Memory is Vidur's {@code total_memory_gb} (GiB as the planner multiplies by 2^30);
 * peaks are vendor dense fp16/bf16 tensor FLOP/s and HBM bandwidth (design §4), used by the analytic
 * attention model and the roofline fallback.
 *
 * @param profilesOf the device whose compute profiles ({@code compute/<profilesOf>/...}) this one reads:
 *     its own name, or another device's when it has none of its own (e.g. {@code a100_40gb} reads
 *     {@code a100}'s); see {@link Catalog}
 */
public record DeviceSpec(
    String name, int totalMemoryGb, double peakTflops, double memoryBandwidthGbps, String profilesOf) {

  /** A device with its own profiles. */
  public DeviceSpec(String name, int totalMemoryGb, double peakTflops, double memoryBandwidthGbps) {
    this(name, totalMemoryGb, peakTflops, memoryBandwidthGbps, name);
  }

  public double peakFlopsPerSecond() {
    return peakTflops * 1e12;
  }

  public double bandwidthBytesPerSecond() {
    return memoryBandwidthGbps * 1e9;
  }
}
