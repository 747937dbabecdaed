package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;

/**
 * {@code sticky_lop} — our addition (design §3; the reference documents it but has no such type, its
 * H1). Like {@code sticky_lor} with {@code lop}'s counters: a new session is bound to the replica with
 * the fewest outstanding prefill tokens (full prompt P, cache ignored; ties to the router's choice among
 * tied ids, ascending); every request of a known session goes to its bound replica unconditionally. Every
 * routed request adds its P on its replica, taken back exactly at its first prefill end (see
 * {@link Outstanding}). Every request must carry a session id. A request whose prefill never completes
 * (time limit) stays counted.
 */
final class StickyLopRouter implements Router {
  static final String NAME = "sticky_lop";

  private final Outstanding prefill;
  private final Sessions sessions = new Sessions(NAME);

  StickyLopRouter(RouterContext context) {
    this.prefill = new Outstanding(context.cluster(), context.random());
  }

  @Override
  public int route(Request request) {
    int s = sessions.sessionOf(request);
    int target = sessions.replicaOf(s);
    if (target < 0) {
      target = prefill.leastPending();
      sessions.bind(s, target);
    }
    prefill.add(request, target, request.prefillTokens());
    return target;
  }

  @Override
  public void onPrefillEnd(Request request) {
    prefill.remove(request);
  }

  @Override
  public long[] outstanding() {
    return prefill.snapshot();
  }

  public static final class Provider implements RouterProvider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Router create(RouterContext context) {
      return new StickyLopRouter(context);
    }

    @Override
    public boolean needsSessions() {
      return true;
    }
  }
}
