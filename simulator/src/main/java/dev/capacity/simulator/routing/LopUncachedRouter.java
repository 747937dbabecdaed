package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;

/**
 * {@code lop_uncached}, load-imbalance-minimising and cache-aware (reference §2.6). For each candidate
 * replica c, imbalance(c) = max - min of the per-replica outstanding uncached prefill counters if the
 * request's uncached prompt tokens on c (P minus c's prefix-cache hit) were added on c; the request goes to
 * a candidate of least imbalance (ties: router choice among tied ids, ascending), its uncached tokens
 * there are added, and they are taken back at its first prefill end. On an idle cluster this picks the
 * best cache hit; under load it balances uncached work.
 *
 * <p>Differences from the reference (see {@link Outstanding}): the per-replica cache probes of one
 * decision live in a scratch array, and only the amount added is remembered, per request id, until it is
 * taken back (the reference memoises every (request, replica) hit forever, its H3); the decrement is
 * exactly that amount on the replica it was added to (H9). Hits are capped so one prompt token remains
 * (the reference's H4 can make P - hit negative). A request whose prefill never completes (time limit)
 * stays counted, as in the reference.
 */
final class LopUncachedRouter implements Router {
  private final Outstanding prefill;

  LopUncachedRouter(RouterContext context) {
    this.prefill = new Outstanding(context.cluster(), context.random());
  }

  @Override
  public int route(Request request) {
    prefill.probeUncached(request);
    prefill.computeImbalances();
    int target = prefill.leastImbalance();
    prefill.add(request, target, prefill.uncached(target));
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
      return "lop_uncached";
    }

    @Override
    public Router create(RouterContext context) {
      return new LopUncachedRouter(context);
    }
  }
}
