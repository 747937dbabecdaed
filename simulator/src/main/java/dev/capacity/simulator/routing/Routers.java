package dev.capacity.simulator.routing;

import dev.capacity.simulator.SimulationInputException;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** Routers by name, found through {@link ServiceLoader}; built-ins register the same way. */
public final class Routers {
  private final Map<String, RouterProvider> byName = new TreeMap<>();

  private Routers(ClassLoader loader) {
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
