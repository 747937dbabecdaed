package dev.capacity.plugin.search;

import dev.capacity.plugin.study.CapacitySettings;

/** The reference's search flags: loop bound, QPS stop tolerance (percent) and QPS floor. */
public record SearchSettings(int maxIterations, double minSearchGranularityPercent,
    double minQps) {

  public static final SearchSettings DEFAULTS = new SearchSettings(10, 1, 0.1);

  public SearchSettings {
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be at least 1: " + maxIterations);
    }
  }

  public static SearchSettings from(CapacitySettings settings) {
    return new SearchSettings(settings.maxIterations(), settings.minSearchGranularityPercent(),
        settings.minQps());
  }
}
