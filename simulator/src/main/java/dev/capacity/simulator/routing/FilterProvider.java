package dev.capacity.simulator.routing;

/**
 * Service-provider interface for filters: list an implementation in
 * {@code META-INF/services/dev.capacity.simulator.routing.FilterProvider} and its name becomes usable in
 * a {@code scorer} router's {@code filters} list.
 */
public interface FilterProvider extends ScoringPluginProvider<Filter> {}
