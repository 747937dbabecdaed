package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;

/**
 * {@code lor}, least outstanding requests (reference §2.4): each request goes to a replica with the
 * fewest requests routed there and not yet completed (ties: router choice among tied ids, ascending); the
 * count is taken back when the request completes.
 *
 * <p>Differences from the reference (see {@link Outstanding}): the decrement goes to the replica recorded
 * at routing; a request that never completes (time limit) stays counted, as in the reference.
 * {@link #outstanding()} is the per-replica count of pending requests.
 */
final class LorRouter implements Router {
  private final Outstanding counts;

  LorRouter(RouterContext context) {
    this.counts = new Outstanding(context.cluster(), context.random());
  }

  @Override
  public int route(Request request) {
    int target = counts.leastPending();
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
      return "lor";
    }

    @Override
    public Router create(RouterContext context) {
      return new LorRouter(context);
    }
  }
}
