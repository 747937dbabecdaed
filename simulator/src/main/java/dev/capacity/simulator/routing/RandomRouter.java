package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;

/**
 * {@code random}: each request goes to a replica drawn uniformly (reference §2.3).
 *
 * <p>Difference from the reference: the draw comes from the router's own seeded {@link RouterRandom},
 * not from a process-global Python stream, so the sequence of choices is not the reference's.
 */
final class RandomRouter implements Router {
  private final RouterRandom random;
  private final int numReplicas;

  RandomRouter(int numReplicas, RouterRandom random) {
    this.numReplicas = numReplicas;
    this.random = random;
  }

  @Override
  public int route(Request request) {
    return random.nextInt(numReplicas);
  }

  public static final class Provider implements RouterProvider {
    @Override
    public String name() {
      return "random";
    }

    @Override
    public Router create(RouterContext context) {
      return new RandomRouter(context.numReplicas(), context.random());
    }
  }
}
