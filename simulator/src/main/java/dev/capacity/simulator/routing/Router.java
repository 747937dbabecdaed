package dev.capacity.simulator.routing;

import dev.capacity.simulator.batching.Batch;
import dev.capacity.simulator.engine.Request;

/**
 * The global scheduler: sends each arriving request to a replica (reference §2). One instance per
 * simulation. Requests are routed in arrival order, one at a time, never held back.
 */
public interface Router {
  /** The replica (0..R-1) that serves {@code request}. */
  int route(Request request);

  /** A batch of {@code replica} ended (after its requests advanced). */
  default void onBatchEnd(int replica, Batch batch) {}

  /** The request's first prefill completed. */
  default void onPrefillEnd(Request request) {}

  /** The request completed. */
  default void onRequestEnd(Request request) {}

  /**
   * Outstanding work this router still counts on each replica; after a simulation in which every
   * request completed it must be all zeros (no drift). Routers without counters return null.
   */
  default long[] outstanding() {
    return null;
  }
}
