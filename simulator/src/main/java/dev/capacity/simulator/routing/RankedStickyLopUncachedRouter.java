package dev.capacity.simulator.routing;

import dev.capacity.simulator.SimulationInputException;
import dev.capacity.simulator.engine.Request;
import java.util.Set;

/**
 * {@code ranked_sticky_lop_uncached} (reference §2.7), parameter {@code top_k} (default 2). imbalance(c)
 * is computed for every replica as in {@code lop_uncached}. For a request of a known session, replicas
 * are ranked by (imbalance, u) with u a fresh {@link RouterRandom#nextDouble()} drawn for every replica in
 * ascending id order (equal keys keep id order, like a stable sort); the request stays on the bound
 * replica iff it is among the {@code top_k} first. Otherwise (or for a new session) it goes to a replica
 * of least imbalance (router choice among the tied ids, ascending — not among the top k) and the session
 * is re-bound there. The target's uncached prompt tokens are added and taken back at the request's first
 * prefill end. With top_k >= R this is pure stickiness after a session's first request. Every request must
 * carry a session id. The rank is found by counting, without sorting or allocating.
 *
 * <p>Differences from the reference (see {@link Outstanding}): no (request, replica) hit memo kept
 * beyond one decision (H3); the decrement is exactly the amount added, on the replica it was added to
 * (H9); hits are capped so one prompt token remains (H4). The draws come from our {@link RouterRandom},
 * not CPython's Mersenne Twister, though consumed in the same order (R draws per known-session request,
 * one choice per (re)binding). A request whose prefill never completes (time limit) stays counted.
 */
final class RankedStickyLopUncachedRouter implements Router {
  static final String NAME = "ranked_sticky_lop_uncached";
  static final String TOP_K = "top_k";

  private final Outstanding prefill;
  private final Sessions sessions = new Sessions(NAME);
  private final RouterRandom random;
  private final int topK;
  private final double[] draws;

  RankedStickyLopUncachedRouter(RouterContext context) {
    this.prefill = new Outstanding(context.cluster(), context.random());
    this.random = context.random();
    this.topK = context.intParam(TOP_K, 2);
    if (topK < 1) {
      throw new SimulationInputException("router '" + NAME + "': " + TOP_K + " must be >= 1, got " + topK);
    }
    this.draws = new double[context.numReplicas()];
  }

  @Override
  public int route(Request request) {
    int s = sessions.sessionOf(request);
    int bound = sessions.replicaOf(s);
    prefill.probeUncached(request);
    prefill.computeImbalances();
    int target = -1;
    if (bound >= 0) {
      int n = draws.length;
      for (int i = 0; i < n; i++) {
        draws[i] = random.nextDouble();
      }
      long imb = prefill.imbalance(bound);
      double u = draws[bound];
      int ahead = 0; // replicas ranked before the bound one
      for (int i = 0; i < n; i++) {
        long other = prefill.imbalance(i);
        if (other < imb || (other == imb && (draws[i] < u || (draws[i] == u && i < bound)))) {
          ahead++;
        }
      }
      if (ahead < topK) {
        target = bound;
      }
    }
    if (target < 0) {
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
      return new RankedStickyLopUncachedRouter(context);
    }

    @Override
    public Set<String> parameters() {
      return Set.of(TOP_K);
    }

    @Override
    public boolean needsSessions() {
      return true;
    }
  }
}
