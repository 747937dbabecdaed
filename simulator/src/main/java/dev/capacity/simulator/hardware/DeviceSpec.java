package dev.capacity.simulator.hardware;

import dev.capacity.simulator.SimulationInputException;

/**
 * One GPU model. Memory is Vidur's {@code total_memory_gb}: GiB, as the planner multiplies by 2^30 (an
 * HBM part's marketed "80GB" / "141GB" is the GiB its stacks hold). Peaks are vendor dense (not
 * sparse) tensor FLOP/s and HBM bandwidth, used by the analytic attention model and the roofline.
 *
 * @param fp8Tflops dense FP8 tensor FLOP/s, or 0 for a chip without FP8 tensor cores (A100, A40): fp8
 *     weights there are stored at 1 byte and computed at the bf16 rate (weight-only, as vLLM's Marlin)
 * @param profilesOf the device whose compute profiles ({@code compute/<profilesOf>/...}) this one reads:
 *     its own name, or another device's when it has none of its own (e.g. {@code a100_40gb} reads
 *     {@code a100}'s); see {@link Catalog}
 */
public record DeviceSpec(
    String name, double totalMemoryGb, double peakTflops, double memoryBandwidthGbps, double fp8Tflops,
    String profilesOf) {

  public DeviceSpec {
    if (name == null || name.isBlank() || !(totalMemoryGb > 0) || !(peakTflops > 0)
        || !(memoryBandwidthGbps > 0) || !(fp8Tflops >= 0) || Double.isInfinite(totalMemoryGb + peakTflops
        + memoryBandwidthGbps + fp8Tflops)) {
      throw new SimulationInputException("device '" + name + "': memory_gb=" + totalMemoryGb
          + ", bf16_tflops=" + peakTflops + ", memory_bandwidth_gbps=" + memoryBandwidthGbps
          + ", fp8_tflops=" + fp8Tflops + "; allowed: finite numbers > 0 (fp8_tflops >= 0, 0 = none)");
    }
  }

  /** A device with its own profiles. */
  public DeviceSpec(String name, double totalMemoryGb, double peakTflops, double memoryBandwidthGbps,
      double fp8Tflops) {
    this(name, totalMemoryGb, peakTflops, memoryBandwidthGbps, fp8Tflops, name);
  }

  public double peakFlopsPerSecond() {
    return peakTflops * 1e12;
  }

  /** The tensor rate for weights of {@code dtype}: fp8 where the chip has it, else bf16's. */
  public double peakFlopsPerSecond(Dtype dtype) {
    return dtype == Dtype.FP8 && fp8Tflops > 0 ? fp8Tflops * 1e12 : peakTflops * 1e12;
  }

  public double bandwidthBytesPerSecond() {
    return memoryBandwidthGbps * 1e9;
  }
}
