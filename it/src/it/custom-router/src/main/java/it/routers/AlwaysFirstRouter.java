package it.routers;

import dev.capacity.simulator.engine.Request;
import dev.capacity.simulator.routing.Router;
import dev.capacity.simulator.routing.RouterContext;
import dev.capacity.simulator.routing.RouterProvider;

/** Sends every request to replica 0: easy to recognise in request_metrics.csv. */
public final class AlwaysFirstRouter implements Router {
  @Override
  public int route(Request request) {
    return 0;
  }

  /** Registered in META-INF/services/dev.capacity.simulator.routing.RouterProvider. */
  public static final class Provider implements RouterProvider {
    @Override
    public String name() {
      return "always_first";
    }

    @Override
    public Router create(RouterContext context) {
      return new AlwaysFirstRouter();
    }
  }
}
