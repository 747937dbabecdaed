package dev.capacity.simulator.routing;

import java.util.Set;

/**
 * What {@link ScorerProvider} and {@link FilterProvider} have in common: a YAML name, the YAML
 * parameters accepted besides {@code name} (and {@code weight} for a scorer), and a factory called once
 * per simulation.
 *
 * @param <T> {@link Scorer} or {@link Filter}
 */
public interface ScoringPluginProvider<T extends RoutingListener> {
  /** The name users write in a {@code scorer} router's {@code filters} or {@code scorers}. */
  String name();

  T create(ScoringContext context);

  default Set<String> parameters() {
    return Set.of();
  }
}
