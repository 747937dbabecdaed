package dev.capacity.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * KV-cache tiers below GPU memory for a {@link SimulationConfig} (Mooncake's CPU-memory store, LMCache,
 * vLLM's KV offloading connector): each replica's CPU memory, and optionally a pool shared by all the
 * replicas of the simulation. A block the GPU cache evicts is offloaded to the CPU tier (or the pool when
 * there is no CPU tier) instead of being dropped, and from the CPU tier on to the pool; an admission whose
 * cached prefix continues past GPU memory loads the rest from the tier holding it, which costs
 * {@code latency + bytes / bandwidth}, added to the batch that admits it. See the site's policies page.
 *
 * @param cpuGb CPU memory for KV blocks per replica, GB (10^9 bytes); 0 or null for none
 * @param cpuGbps GPU-to-CPU bandwidth per GPU, GB/s; null for the device's PCIe default (see
 *     {@link #defaultCpuGbps})
 * @param poolGb a pool shared by all replicas, GB; 0 or null for none
 * @param poolGbps pool-to-GPU bandwidth per GPU, GB/s; null for one 400 Gb/s NIC per GPU (50 GB/s)
 * @param poolLatencySeconds fixed cost of one admission's load from the pool, s; null for 20 us
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KvCacheTiers(Double cpuGb, Double cpuGbps, Double poolGb, Double poolGbps, Double poolLatencySeconds) {

  /** Default pool latency: one RDMA read's round trip (the interconnect latency the catalog uses). */
  public static final double DEFAULT_POOL_LATENCY_SECONDS = 20e-6;

  public static KvCacheTiers cpu(double gb) {
    return new KvCacheTiers(gb, null, null, null, null);
  }

  public boolean hasCpu() {
    return cpuGb != null && cpuGb > 0;
  }

  public boolean hasPool() {
    return poolGb != null && poolGb > 0;
  }

  /**
   * Host-to-device copy bandwidth per GPU when {@code cpu_gbps} is not given: 80 % of the x16 PCIe link's
   * nominal rate per direction, the share pinned-memory copies reach (NVIDIA's bandwidthTest reports about
   * 25 GB/s on Gen4 and 50 GB/s on Gen5). Gen4 (32 GB/s): A100, A40, L40S; Gen5 (64 GB/s): H100, H200,
   * B200, MI300X and any other device.
   */
  public static double defaultCpuGbps(String device) {
    String d = device == null ? "" : device.toLowerCase(java.util.Locale.ROOT);
    boolean gen4 = d.startsWith("a100") || d.startsWith("a40") || d.startsWith("l40");
    return 0.8 * (gen4 ? 32 : 64);
  }

  /** A short label: {@code cpu64}, {@code cpu64+pool1000}, {@code pool1000}. */
  public String label() {
    StringBuilder b = new StringBuilder();
    if (hasCpu()) {
      b.append("cpu").append(number(cpuGb));
    }
    if (hasPool()) {
      b.append(b.length() > 0 ? "+" : "").append("pool").append(number(poolGb));
    }
    return b.toString();
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
