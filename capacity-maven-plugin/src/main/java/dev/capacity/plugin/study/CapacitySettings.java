package dev.capacity.plugin.study;

/**
 * Our additions to Vidur's schema, read from an optional top-level {@code capacity:} map (Vidur
 * ignores unknown top-level keys, so a study stays loadable by the reference). They mirror the
 * reference's command-line flags with the same defaults.
 *
 * @param seed base seed of every simulation (the reference never passed seeds; its default was 42)
 * @param timeLimitMinutes simulated time limit per probe, like {@code --time-limit}
 * @param maxIterations loop bound of every search, like {@code --max-iterations}
 * @param minSearchGranularityPercent QPS search stop tolerance in percent
 * @param minQps QPS search floor
 * @param targetQps optional: the QPS the fleet must serve; the report names the cheapest configuration
 *     reaching it (needs {@code cost_per_gpu_hour}) or the fewest GPUs. Changes no simulation.
 */
public record CapacitySettings(long seed, double timeLimitMinutes, int maxIterations,
    double minSearchGranularityPercent, double minQps, Double targetQps) {

  public CapacitySettings(long seed, double timeLimitMinutes, int maxIterations,
      double minSearchGranularityPercent, double minQps) {
    this(seed, timeLimitMinutes, maxIterations, minSearchGranularityPercent, minQps, null);
  }

  public static final CapacitySettings DEFAULTS = new CapacitySettings(42, 180, 10, 1, 0.1);
}
