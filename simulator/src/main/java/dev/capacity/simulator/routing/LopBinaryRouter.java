package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;

/**
 * {@code lop_binary} (reference §2.5): like {@code lop}, but every request counts 1 whatever its prompt,
 * so the counters are the number of requests whose first prefill has not completed.
 *
 * <p>Differences from the reference (see {@link Outstanding}): the decrement goes to the replica recorded
 * at routing and the per-request memo is cleared when taken back. A request whose prefill never completes
 * (time limit) stays counted, as in the reference.
 */
final class LopBinaryRouter implements Router {
  private final Outstanding prefill;

  LopBinaryRouter(RouterContext context) {
    this.prefill = new Outstanding(context.cluster(), context.random());
  }

  @Override
  public int route(Request request) {
    int target = prefill.leastPending();
    prefill.add(request, target, 1);
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
      return "lop_binary";
    }

    @Override
    public Router create(RouterContext context) {
      return new LopBinaryRouter(context);
    }
  }
}
