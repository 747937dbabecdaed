package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;

/**
 * {@code lop}, least outstanding prefill (reference §2.5): each request goes to a replica with the fewest
 * prompt tokens routed there whose first prefill has not completed (ties: router choice among tied ids,
 * ascending); the request's full prompt P is added (cache ignored) and taken back at its first prefill
 * end.
 *
 * <p>Differences from the reference (see {@link Outstanding}): the decrement is exactly the P added at
 * routing, on the replica it was added to — the reference subtracts P as read at prefill end, which a
 * restart may have changed (its H9 drift); the memo is cleared when taken back (its H3). A request whose
 * prefill never completes (time limit) stays counted, as in the reference.
 */
final class LopRouter implements Router {
  private final Outstanding prefill;

  LopRouter(RouterContext context) {
    this.prefill = new Outstanding(context.cluster(), context.random());
  }

  @Override
  public int route(Request request) {
    int target = prefill.leastPending();
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
      return "lop";
    }

    @Override
    public Router create(RouterContext context) {
      return new LopRouter(context);
    }
  }
}
