package dev.capacity.simulator.routing;

import dev.capacity.simulator.batching.Batch;
import dev.capacity.simulator.engine.Request;

/**
 * What a filter, a scorer or a state they share hears of the requests it helped route: the replica
 * chosen, and the engine's progress events. All methods default to doing nothing.
 */
public interface RoutingListener {
  /** {@code request} was just sent to {@code replica} (after filters, scorers and the picker ran). */
  default void onRouted(Request request, int replica) {}

  /** A batch of {@code replica} ended (after its requests advanced). */
  default void onBatchEnd(int replica, Batch batch) {}

  /** The request's first prefill completed. */
  default void onPrefillEnd(Request request) {}

  /** The request completed. */
  default void onRequestEnd(Request request) {}

  /** Per-replica work this part still counts (see {@link Router#outstanding()}), or null. */
  default long[] outstanding() {
    return null;
  }
}
