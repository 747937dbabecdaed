package dev.capacity.plugin.study;

/**
 * A search config's {@code kv_tiers:}: KV-cache tiers below GPU memory (see the simulator's
 * {@code KvCacheTiers}). Null fields take the simulator's defaults.
 *
 * @param cpuGb CPU memory per replica for KV blocks, GB, or null for none
 * @param cpuGbps GPU-CPU bandwidth per GPU, GB/s, or null for the device's PCIe default
 * @param poolGb a pool shared by all replicas, GB, or null for none
 * @param poolGbps pool bandwidth per GPU, GB/s, or null for 50
 * @param poolLatencySeconds fixed cost of a load from the pool, s, or null for 20 us
 */
public record KvTiersSpec(Double cpuGb, Double cpuGbps, Double poolGb, Double poolGbps, Double poolLatencySeconds,
    Location at) {

  /**
   * The part of the job key that names the tiers: {@code _cpukv64g}, {@code _poolkv1000g}, then any
   * setting not at its default ({@code _cpukvbw25g}, {@code _poolkvbw100g}, {@code _poolkvlat0.0001}).
   */
  public String key() {
    StringBuilder k = new StringBuilder();
    if (cpuGb != null) {
      k.append("_cpukv").append(PythonNumbers.repr(cpuGb)).append('g');
    }
    if (poolGb != null) {
      k.append("_poolkv").append(PythonNumbers.repr(poolGb)).append('g');
    }
    if (cpuGbps != null) {
      k.append("_cpukvbw").append(PythonNumbers.repr(cpuGbps)).append('g');
    }
    if (poolGbps != null) {
      k.append("_poolkvbw").append(PythonNumbers.repr(poolGbps)).append('g');
    }
    if (poolLatencySeconds != null) {
      k.append("_poolkvlat").append(PythonNumbers.repr(poolLatencySeconds));
    }
    return k.toString();
  }
}
