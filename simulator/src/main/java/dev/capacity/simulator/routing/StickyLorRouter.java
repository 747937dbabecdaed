package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;

/**
 * {@code sticky_lor} (reference §2.7): a new session is bound to the {@code lor} choice (fewest pending
 * requests, ties to the router's choice); every request of a known session goes to its bound replica
 * unconditionally. Every routed request counts 1 on its replica until it completes. Every request must
 * carry a session id.
 *
 * <p>Differences from the reference (see {@link Outstanding}): the decrement goes to the replica recorded
 * at routing and the per-request memo is cleared; a request that never completes (time limit) stays
 * counted, as in the reference.
 */
final class StickyLorRouter implements Router {
  static final String NAME = "sticky_lor";

  private final Outstanding counts;
  private final Sessions sessions = new Sessions(NAME);

  StickyLorRouter(RouterContext context) {
    this.counts = new Outstanding(context.cluster(), context.random());
  }

  @Override
  public int route(Request request) {
    int s = sessions.sessionOf(request);
    int target = sessions.replicaOf(s);
    if (target < 0) {
      target = counts.leastPending();
      sessions.bind(s, target);
    }
    counts.add(request, target, 1);
    return target;
  }

  @Override
  public void onRequestEnd(Request request) {
    counts.remove(request);
  }

  @Override
  public long[] outstanding() {
    return counts.snapshot();
  }

  public static final class Provider implements RouterProvider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Router create(RouterContext context) {
      return new StickyLorRouter(context);
    }

    @Override
    public boolean needsSessions() {
      return true;
    }
  }
}
