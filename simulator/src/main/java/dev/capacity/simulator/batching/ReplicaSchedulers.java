package dev.capacity.simulator.batching;

import dev.capacity.simulator.SimulationInputException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Replica schedulers by name, found through {@link ServiceLoader} on a given class loader, so a study
 * project's own implementations sit beside the built-ins.
 */
public final class ReplicaSchedulers {
  private final Map<String, ReplicaSchedulerProvider> byName = new TreeMap<>();

  private ReplicaSchedulers(ClassLoader loader) {
    for (ReplicaSchedulerProvider p : ServiceLoader.load(ReplicaSchedulerProvider.class, loader)) {
      byName.putIfAbsent(p.name(), p);
    }
  }

  public static ReplicaSchedulers load(ClassLoader loader) {
    return new ReplicaSchedulers(loader);
  }

  public static ReplicaSchedulers builtIn() {
    return new ReplicaSchedulers(ReplicaSchedulers.class.getClassLoader());
  }

  public java.util.Set<String> names() {
    return java.util.Collections.unmodifiableSet(byName.keySet());
  }

  public ReplicaSchedulerProvider get(String name) {
    ReplicaSchedulerProvider p = byName.get(name);
    if (p == null) {
      throw new SimulationInputException(
          "unknown replica scheduler '" + name + "'; allowed: " + String.join(", ", byName.keySet()));
    }
    return p;
  }
}
