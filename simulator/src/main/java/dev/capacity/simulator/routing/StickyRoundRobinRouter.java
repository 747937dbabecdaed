package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;

/**
 * {@code sticky_round_robin} (reference §2.7): the k-th new session (k = 0, 1, ...) is bound to replica
 * k mod R, and every request of a session goes to its bound replica. Deterministic; keeps no counters.
 * Every request must carry a session id.
 */
final class StickyRoundRobinRouter implements Router {
  static final String NAME = "sticky_round_robin";

  private final int numReplicas;
  private final Sessions sessions = new Sessions(NAME);
  private long newSessions;

  StickyRoundRobinRouter(int numReplicas) {
    this.numReplicas = numReplicas;
  }

  @Override
  public int route(Request request) {
    int s = sessions.sessionOf(request);
    int target = sessions.replicaOf(s);
    if (target < 0) {
      target = (int) (newSessions++ % numReplicas);
      sessions.bind(s, target);
    }
    return target;
  }

  public static final class Provider implements RouterProvider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Router create(RouterContext context) {
      return new StickyRoundRobinRouter(context.numReplicas());
    }

    @Override
    public boolean needsSessions() {
      return true;
    }
  }
}
