package dev.capacity.simulator.routing;

import dev.capacity.simulator.SimulationInputException;
import dev.capacity.simulator.engine.Request;
import java.util.Arrays;

/**
 * Session to replica bindings of the sticky routers, kept for the whole run (reference §2.7): a growable
 * int array indexed by the (small, non-negative) session id, -1 where unbound.
 */
final class Sessions {
  private final String routerName;
  private int[] replicaOf = new int[256];

  Sessions(String routerName) {
    this.routerName = routerName;
    Arrays.fill(replicaOf, -1);
  }

  /** The request's session id; fails with a user-facing message when the request has none. */
  int sessionOf(Request request) {
    int s = request.sessionId();
    if (s < 0) {
      throw new SimulationInputException(
          "router '"
              + routerName
              + "' keeps sessions on one replica and needs a session id on every request: give the trace a"
              + " session_id column or derive sessions; request "
              + request.id()
              + " has none");
    }
    return s;
  }

  /** The replica session {@code s} is bound to, or -1. */
  int replicaOf(int s) {
    return s < replicaOf.length ? replicaOf[s] : -1;
  }

  void bind(int s, int replica) {
    if (s >= replicaOf.length) {
      int old = replicaOf.length;
      replicaOf = Arrays.copyOf(replicaOf, Math.max(s + 1, old * 2));
      Arrays.fill(replicaOf, old, replicaOf.length, -1);
    }
    replicaOf[s] = replica;
  }
}
