package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;
import java.util.Set;

/**
 * Session affinity: llm-d's {@code session-affinity-scorer} (dir scorer/sessionaffinity in
 * github.com/llm-d/llm-d-inference-scheduler) and the two filters of Vidur's tolerant and ranked sticky
 * routers (reference §2.7), all reading one table of session to replica (the replica the session's
 * latest request was sent to).
 *
 * <p>Difference from llm-d: llm-d learns a session's replica from the {@code x-session-token} header it
 * sets on the response, so a request sent before its session's previous response ended carries the
 * older replica (or none); here the table is updated when the request is routed, as the reference's
 * sticky routers do.
 */
final class SessionPlugins {
  static final String TOLERANCE_FACTOR = "tolerance_factor";
  static final String TOP_K = "top_k";

  private SessionPlugins() {}

  /**
   * {@code session_affinity} (llm-d {@code session-affinity-scorer}): 1 for the replica the request's
   * session was last sent to, 0 for every other (all 0 for a new session or a request without one).
   * With a weight above the sum of the other weights it makes a router sticky.
   */
  public static final class SessionAffinity extends ScoringPlugins.BuiltInScorer {
    public SessionAffinity() {
      super("session_affinity", Set.of(), c -> {
        SessionState sessions = SessionState.of(c);
        return (request, candidates, count, scores) -> {
          int bound = sessions.bound(request);
          for (int i = 0; i < count; i++) {
            scores[i] = candidates[i] == bound ? 1.0 : 0.0;
          }
        };
      });
    }
  }

  /**
   * {@code sticky_tolerance} (ours; the rule of {@code tolerant_sticky_lop_uncached}), parameter
   * {@code tolerance_factor} (default 2.0): keeps only the session's replica s when imbalance(s) &lt;=
   * tolerance_factor × the least imbalance over all replicas ({@code prefill_imbalance}'s criterion),
   * otherwise every candidate. When the least imbalance is 0 the session's replica is kept only if its own
   * is 0.
   */
  public static final class StickyTolerance extends ScoringPlugins.BuiltInFilter {
    public StickyTolerance() {
      super("sticky_tolerance", Set.of(TOLERANCE_FACTOR), c -> {
        double factor = c.doubleParam(TOLERANCE_FACTOR, 2.0);
        if (!(factor >= 0) || Double.isInfinite(factor)) {
          throw c.invalid(TOLERANCE_FACTOR + " must be a finite number >= 0, got " + factor);
        }
        SessionState sessions = SessionState.of(c);
        LoadScorers.UncachedPrefill load = LoadScorers.UncachedPrefill.of(c);
        return (request, candidates, count) -> {
          int bound = sessions.bound(request);
          if (bound < 0) {
            return count;
          }
          load.prepare(request);
          return load.imbalance(bound) <= factor * load.leastImbalance() ? keepOnly(bound, candidates, count)
              : count;
        };
      });
    }
  }

  /**
   * {@code sticky_top_k} (ours; the rule of {@code ranked_sticky_lop_uncached}), parameter {@code top_k}
   * (default 2): for a request of a known session, every replica draws u = {@link
   * RouterRandom#nextDouble()} in ascending id order, and replicas are ranked by (imbalance, u, id); the
   * session's replica alone is kept iff fewer than top_k replicas rank before it, otherwise every
   * candidate. The rank is counted, not sorted.
   */
  public static final class StickyTopK extends ScoringPlugins.BuiltInFilter {
    public StickyTopK() {
      super("sticky_top_k", Set.of(TOP_K), c -> {
        int topK = c.intParam(TOP_K, 2);
        if (topK < 1) {
          throw c.invalid(TOP_K + " must be >= 1, got " + topK);
        }
        SessionState sessions = SessionState.of(c);
        LoadScorers.UncachedPrefill load = LoadScorers.UncachedPrefill.of(c);
        RouterRandom random = c.random();
        double[] draws = new double[c.numReplicas()];
        return (request, candidates, count) -> {
          int bound = sessions.bound(request);
          if (bound < 0) {
            return count;
          }
          load.prepare(request);
          for (int i = 0; i < draws.length; i++) {
            draws[i] = random.nextDouble();
          }
          long imb = load.imbalance(bound);
          double u = draws[bound];
          int ahead = 0;
          for (int i = 0; i < draws.length; i++) {
            long other = load.imbalance(i);
            if (other < imb || (other == imb && (draws[i] < u || (draws[i] == u && i < bound)))) {
              ahead++;
            }
          }
          return ahead < topK ? keepOnly(bound, candidates, count) : count;
        };
      });
    }
  }

  /** Keeps only {@code replica} if it is a candidate (returns 1), else keeps none (returns 0). */
  static int keepOnly(int replica, int[] candidates, int count) {
    for (int i = 0; i < count; i++) {
      if (candidates[i] == replica) {
        candidates[0] = replica;
        return 1;
      }
    }
    return 0;
  }

  /** Session to replica of its latest request, bound at routing, kept for the whole run. */
  static final class SessionState implements RoutingListener {
    private final Sessions sessions;
    private final boolean required;

    SessionState(ScoringContext c) {
      this.sessions = new Sessions(c.routerName());
      this.required = c.sessionsRequired();
    }

    static SessionState of(ScoringContext c) {
      return c.shared("sessions", SessionState.class, SessionState::new);
    }

    /**
     * The replica the request's session was last sent to, or -1 (a new session, or no session id where
     * sessions are optional; where they are required a request without one fails).
     */
    int bound(Request request) {
      int s = required ? sessions.sessionOf(request) : request.sessionId();
      return s < 0 ? -1 : sessions.replicaOf(s);
    }

    @Override
    public void onRouted(Request request, int replica) {
      if (request.sessionId() >= 0) {
        sessions.bind(request.sessionId(), replica);
      }
    }
  }
}
