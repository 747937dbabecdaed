package dev.capacity.simulator.routing;

import java.util.Set;

/**
 * Service-provider interface for routers: list an implementation in
 * {@code META-INF/services/dev.capacity.simulator.routing.RouterProvider} and the name it returns becomes
 * usable in a study's {@code global_schedulers} list.
 */
public interface RouterProvider {
  /** The name users write in YAML, e.g. {@code round_robin}. */
  String name();

  Router create(RouterContext context);

  /** The YAML parameters this router accepts besides {@code scheduler}. */
  default Set<String> parameters() {
    return Set.of();
  }

  /** Whether every request must carry a session id (sticky routers). */
  default boolean needsSessions() {
    return false;
  }
}
