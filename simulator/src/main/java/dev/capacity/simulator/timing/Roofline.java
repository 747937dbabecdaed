package dev.capacity.simulator.timing;

import dev.capacity.simulator.hardware.DeviceSpec;
import dev.capacity.simulator.hardware.ModelSpec;

/**
 * Fallback when a (model, device, TP) or a collective has no profile: the slower of compute and weight
 * reading, from the model's shape and the device's peaks. The efficiencies are what the bundled mlp.csv
 * files show: at 4,096 tokens the linear operators reach 0.41-0.73 of peak FLOP/s (median about 0.65);
 * at one token they read weights at 0.35-0.82 of peak bandwidth (median about 0.72, overheads included).
 */
final class Roofline {
  static final double LINEAR_FLOP_EFFICIENCY = 0.65;
  static final double LINEAR_BANDWIDTH_EFFICIENCY = 0.75;
  /** Launch cost of the nine small kernels of a layer that the bandwidth term does not cover. */
  static final double LINEAR_OVERHEAD_S = 5e-6;

  /**
   * Assumed per-GPU link bandwidth for collectives without a profile. NVLink on DGX A100/H100 is faster
   * (300-450 GB/s) but the missing case that matters, a40 pairwise NVLink, crosses PCIe between pairs,
   * so a conservative 100 GB/s is used; a warning says this is an assumption.
   */
  static final double ASSUMED_LINK_BYTES_PER_S = 100e9;
  /** NCCL launch and synchronisation latency: about the smallest times in the bundled network profiles. */
  static final double COLLECTIVE_LATENCY_S = 20e-6;

  private Roofline() {}

  /** Linear operators of one layer on one GPU for {@code tokens} tokens, seconds. */
  static double linearLayerSeconds(ModelSpec model, DeviceSpec device, int tp, int tokens) {
    double params = model.paramsPerLayerPerDevice(tp);
    double compute = 2.0 * tokens * params / (device.peakFlopsPerSecond() * LINEAR_FLOP_EFFICIENCY);
    double weights = 2.0 * params / (device.bandwidthBytesPerSecond() * LINEAR_BANDWIDTH_EFFICIENCY);
    return Math.max(compute, weights) + LINEAR_OVERHEAD_S;
  }

  /** Ring all-reduce: each GPU sends and receives 2(tp-1)/tp of the message. */
  static double allReduceSeconds(double bytes, int tp) {
    return COLLECTIVE_LATENCY_S + 2.0 * (tp - 1) / tp * bytes / ASSUMED_LINK_BYTES_PER_S;
  }

  static double sendRecvSeconds(double bytes) {
    return COLLECTIVE_LATENCY_S + bytes / ASSUMED_LINK_BYTES_PER_S;
  }
}
