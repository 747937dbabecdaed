package dev.capacity.simulator.hardware;

/**
 * One GPU model. Memory is Vidur's {@code total_memory_gb} (GiB as the planner multiplies by 2^30);
 * peaks are vendor dense fp16/bf16 tensor FLOP/s and HBM bandwidth (design §4), used by the analytic
 * attention model and the roofline fallback.
 */
public record DeviceSpec(String name, int totalMemoryGb, double peakTflops, double memoryBandwidthGbps) {

  public double peakFlopsPerSecond() {
    return peakTflops * 1e12;
  }

  public double bandwidthBytesPerSecond() {
    return memoryBandwidthGbps * 1e9;
  }
}
