package dev.capacity.simulator.timing;

import dev.capacity.simulator.hardware.ModelSpec;
import dev.capacity.simulator.hardware.NodeSpec;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One execution-time model per (model, node, TP, PP, engine overhead) for a whole study: building a model parses
 * profiles and fills tables, so it is done once and shared by every simulation and thread. Warnings are
 * emitted once, when a layout is first built; the consumer must be thread-safe if builds run in parallel.
 */
public final class TimingModelCache {
  private record Key(ModelSpec model, NodeSpec node, int tp, int pp, EngineOverhead overhead) {}

  private final ConcurrentHashMap<Key, ExecutionTimeModel> models = new ConcurrentHashMap<>();
  private final ProfileRepository profiles;
  private final Consumer<String> warnings;

  public TimingModelCache(ProfileRepository profiles, Consumer<String> warnings) {
    this.profiles = profiles;
    this.warnings = warnings;
  }

  public ExecutionTimeModel get(ModelSpec model, NodeSpec node, int tp, int pp) {
    return get(model, node, tp, pp, EngineOverhead.of(EngineOverhead.NONE));
  }

  public ExecutionTimeModel get(ModelSpec model, NodeSpec node, int tp, int pp, EngineOverhead overhead) {
    return models.computeIfAbsent(
        new Key(model, node, tp, pp, overhead),
        k -> TimingModels.create(model, node, tp, pp, overhead, profiles, warnings));
  }

  public int size() {
    return models.size();
  }
}
