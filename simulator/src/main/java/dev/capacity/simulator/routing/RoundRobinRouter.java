package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;

/** {@code round_robin}: request k goes to replica k mod R (reference §2.2). */
final class RoundRobinRouter implements Router {
  private final int numReplicas;
  private long counter;

  RoundRobinRouter(int numReplicas) {
    this.numReplicas = numReplicas;
  }

  @Override
  public int route(Request request) {
    return (int) (counter++ % numReplicas);
  }

  public static final class Provider implements RouterProvider {
    @Override
    public String name() {
      return "round_robin";
    }

    @Override
    public Router create(RouterContext context) {
      return new RoundRobinRouter(context.numReplicas());
    }
  }
}
