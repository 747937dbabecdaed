package dev.capacity.simulator.routing;

import dev.capacity.simulator.SimulationInputException;
import dev.capacity.simulator.engine.Request;
import java.util.Set;

/**
 * {@code tolerant_sticky_lop_uncached} (reference §2.7), parameter {@code tolerance_factor} (default
 * 2.0). imbalance(c) is computed for every replica as in {@code lop_uncached}; with m the least
 * imbalance, a request of a known session stays on its bound replica s iff imbalance(s) &lt;=
 * tolerance_factor × m. Otherwise (or for a new session) it goes to a replica of least imbalance (ties:
 * router choice among tied ids, ascending) and the session is re-bound there. The target's uncached
 * prompt tokens are added and taken back at the request's first prefill end. When m = 0 the bound replica
 * is kept only if its own imbalance is 0. Every request must carry a session id.
 *
 * <p>Differences from the reference (see {@link Outstanding}): no (request, replica) hit memo kept
 * beyond one decision (H3); the decrement is exactly the amount added, on the replica it was added to
 * (H9); hits are capped so one prompt token remains (H4). A request whose prefill never completes (time
 * limit) stays counted, as in the reference.
 */
final class TolerantStickyLopUncachedRouter implements Router {
  static final String NAME = "tolerant_sticky_lop_uncached";
  static final String TOLERANCE_FACTOR = "tolerance_factor";

  private final Outstanding prefill;
  private final Sessions sessions = new Sessions(NAME);
  private final double toleranceFactor;

  TolerantStickyLopUncachedRouter(RouterContext context) {
    this.prefill = new Outstanding(context.cluster(), context.random());
    this.toleranceFactor = context.doubleParam(TOLERANCE_FACTOR, 2.0);
    if (!(toleranceFactor >= 0) || Double.isInfinite(toleranceFactor)) {
      throw new SimulationInputException(
          "router '" + NAME + "': " + TOLERANCE_FACTOR + " must be a finite number >= 0, got " + toleranceFactor);
    }
  }

  @Override
  public int route(Request request) {
    int s = sessions.sessionOf(request);
    int bound = sessions.replicaOf(s);
    prefill.probeUncached(request);
    long best = prefill.computeImbalances();
    int target;
    if (bound >= 0 && prefill.imbalance(bound) <= toleranceFactor * best) {
      target = bound;
    } else {
      target = prefill.leastImbalance();
      sessions.bind(s, target);
    }
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
      return NAME;
    }

    @Override
    public Router create(RouterContext context) {
      return new TolerantStickyLopUncachedRouter(context);
    }

    @Override
    public Set<String> parameters() {
      return Set.of(TOLERANCE_FACTOR);
    }

    @Override
    public boolean needsSessions() {
      return true;
    }
  }
}
