package dev.capacity.simulator.routing;

import dev.capacity.simulator.SimulationInputException;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Routers by name: the {@code scorer} router and the built-ins made of its parts ({@link BuiltInRouters}),
 * then those found through {@link ServiceLoader} (the other built-ins register that way too). Filters and
 * scorers for the {@code scorer} router come through {@link ScoringPlugins} from the same class loader.
 */
public final class Routers {
  private final Map<String, RouterProvider> byName = new TreeMap<>();
  private final ScoringPlugins plugins;

  private Routers(ClassLoader loader) {
    this.plugins = ScoringPlugins.load(loader);
    for (RouterProvider p : BuiltInRouters.all(plugins)) {
      byName.put(p.name(), p);
    }
    for (RouterProvider p : ServiceLoader.load(RouterProvider.class, loader)) {
      byName.putIfAbsent(p.name(), p);
    }
  }

  public static Routers load(ClassLoader loader) {
    return new Routers(loader);
  }

  public static Routers builtIn() {
    return new Routers(Routers.class.getClassLoader());
  }

  /** The filters and scorers the {@code scorer} router may name. */
  public ScoringPlugins scoringPlugins() {
    return plugins;
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(byName.keySet());
  }

  public RouterProvider get(String name) {
    RouterProvider p = byName.get(name);
    if (p == null) {
      throw new SimulationInputException(
          "unknown router (global scheduler) '" + name + "'; allowed: " + String.join(", ", byName.keySet()));
    }
    return p;
  }
}
