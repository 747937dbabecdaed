package dev.capacity.simulator.routing;

import dev.capacity.simulator.SimulationInputException;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The filters and scorers a {@code scorer} router may name, found through {@link ServiceLoader} like
 * routers; the built-in ones register the same way.
 */
public final class ScoringPlugins {
  private final Map<String, ScorerProvider> scorers = new TreeMap<>();
  private final Map<String, FilterProvider> filters = new TreeMap<>();

  private ScoringPlugins(ClassLoader loader) {
    for (ScorerProvider p : ServiceLoader.load(ScorerProvider.class, loader)) {
      scorers.putIfAbsent(p.name(), p);
    }
    for (FilterProvider p : ServiceLoader.load(FilterProvider.class, loader)) {
      filters.putIfAbsent(p.name(), p);
    }
  }

  public static ScoringPlugins load(ClassLoader loader) {
    return new ScoringPlugins(loader);
  }

  public Set<String> scorerNames() {
    return Collections.unmodifiableSet(scorers.keySet());
  }

  public Set<String> filterNames() {
    return Collections.unmodifiableSet(filters.keySet());
  }

  public ScorerProvider scorer(String name) {
    return get(scorers, name, "scorer");
  }

  public FilterProvider filter(String name) {
    return get(filters, name, "filter");
  }

  private static <T> T get(Map<String, T> byName, String name, String kind) {
    T p = byName.get(name);
    if (p == null) {
      throw new SimulationInputException(
          "unknown " + kind + " '" + name + "'; allowed: " + String.join(", ", byName.keySet()));
    }
    return p;
  }

  /** A built-in provider: a name, its parameters and a factory. */
  abstract static class BuiltIn<T extends RoutingListener> implements ScoringPluginProvider<T> {
    private final String name;
    private final Set<String> parameters;
    private final Function<ScoringContext, T> factory;

    BuiltIn(String name, Set<String> parameters, Function<ScoringContext, T> factory) {
      this.name = name;
      this.parameters = parameters;
      this.factory = factory;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public T create(ScoringContext context) {
      return factory.apply(context);
    }

    @Override
    public Set<String> parameters() {
      return parameters;
    }
  }

  abstract static class BuiltInScorer extends BuiltIn<Scorer> implements ScorerProvider {
    BuiltInScorer(String name, Set<String> parameters, Function<ScoringContext, Scorer> factory) {
      super(name, parameters, factory);
    }
  }

  abstract static class BuiltInFilter extends BuiltIn<Filter> implements FilterProvider {
    BuiltInFilter(String name, Set<String> parameters, Function<ScoringContext, Filter> factory) {
      super(name, parameters, factory);
    }
  }
}
