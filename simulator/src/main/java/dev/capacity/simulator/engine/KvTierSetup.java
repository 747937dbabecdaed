package dev.capacity.simulator.engine;

/**
 * The KV-cache tiers of a simulation, resolved to blocks and seconds (see
 * {@link dev.capacity.simulator.KvCacheTiers}). A disaggregated layout's pools may differ in GPUs per
 * replica, hence in load time per block.
 *
 * @param cpuBlocks blocks of each replica's CPU tier; 0 for none
 * @param cpuSecondsPerBlock load time of one block from CPU memory (prefill pool, or every replica)
 * @param decodeCpuSecondsPerBlock the same on a decode replica of a disaggregated layout
 * @param poolBlocks blocks of the shared pool; 0 for none
 * @param poolSecondsPerBlock load time of one block from the pool (prefill pool, or every replica)
 * @param decodePoolSecondsPerBlock the same on a decode replica
 * @param poolLatencySeconds fixed cost of an admission's load from the pool
 */
public record KvTierSetup(
    long cpuBlocks,
    double cpuSecondsPerBlock,
    double decodeCpuSecondsPerBlock,
    long poolBlocks,
    double poolSecondsPerBlock,
    double decodePoolSecondsPerBlock,
    double poolLatencySeconds) {

  public KvTierSetup {
    if (cpuBlocks < 0 || poolBlocks < 0 || cpuBlocks + poolBlocks == 0) {
      throw new IllegalArgumentException("KV tiers need a CPU tier or a pool with blocks, got " + cpuBlocks
          + " and " + poolBlocks);
    }
  }
}
