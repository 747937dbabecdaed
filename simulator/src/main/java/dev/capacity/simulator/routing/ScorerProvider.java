package dev.capacity.simulator.routing;

/**
 * Service-provider interface for scorers: list an implementation in
 * {@code META-INF/services/dev.capacity.simulator.routing.ScorerProvider} and its name becomes usable in
 * a {@code scorer} router's {@code scorers} list (and in {@code weightings}).
 */
public interface ScorerProvider extends ScoringPluginProvider<Scorer> {}
