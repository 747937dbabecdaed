package dev.capacity.simulator.engine;

import dev.capacity.simulator.routing.RouterProvider;
import dev.capacity.simulator.timing.ExecutionTimeModel;
import java.util.Map;

/**
 * A disaggregated layout, resolved: {@code prefillReplicas} replicas that only compute prompts (and the
 * first output token), then hand each request's KV cache over a link to one of {@code decodeReplicas}
 * replicas, which generate the rest. Replicas 0..P-1 are the prefill pool, P..P+D-1 the decode pool (the
 * {@code replica} column of the outputs); each pool has its own router, which sees only its pool (ids
 * 0..P-1 and 0..D-1), its own KV capacity and its own timing (a pool's tensor parallelism).
 *
 * @param kvBytesPerToken KV-cache bytes of one token over all layers (all GPUs of the replica)
 * @param linkBytesPerSecond bandwidth of the transfer from a prefill to a decode replica, bytes/s
 *     (may be +infinity: instantaneous)
 * @param linkLatencySeconds fixed cost of each transfer
 */
public record DisaggregatedSetup(
    int prefillReplicas,
    int decodeReplicas,
    int prefillKvBlocks,
    int decodeKvBlocks,
    ExecutionTimeModel prefillTiming,
    ExecutionTimeModel decodeTiming,
    RouterProvider prefillRouter,
    Map<String, Object> prefillRouterParams,
    RouterProvider decodeRouter,
    Map<String, Object> decodeRouterParams,
    double kvBytesPerToken,
    double linkBytesPerSecond,
    double linkLatencySeconds) {

  public DisaggregatedSetup {
    if (prefillReplicas < 1 || decodeReplicas < 1) {
      throw new IllegalArgumentException(
          "a disaggregated layout needs >= 1 prefill and >= 1 decode replica, got " + prefillReplicas + " and "
              + decodeReplicas);
    }
    if (!(linkBytesPerSecond > 0) || !(linkLatencySeconds >= 0) || !(kvBytesPerToken >= 0)) {
      throw new IllegalArgumentException("KV link bandwidth must be > 0 and latency >= 0, got "
          + linkBytesPerSecond + " B/s and " + linkLatencySeconds + " s");
    }
    prefillRouterParams = prefillRouterParams == null ? Map.of() : Map.copyOf(prefillRouterParams);
    decodeRouterParams = decodeRouterParams == null ? Map.of() : Map.copyOf(decodeRouterParams);
  }

  /** Seconds to move the KV cache of {@code tokens} tokens: latency + bytes / bandwidth. */
  public double transferSeconds(int tokens) {
    return linkLatencySeconds + tokens * kvBytesPerToken / linkBytesPerSecond;
  }
}
