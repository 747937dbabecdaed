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
 * @param numLayers the model's layers (a layer-wise transfer's unit); unused after the prefill
 * @param layerwise true when each layer's KV cache is sent as the prefill computes it (see
 *     {@link #transferSeconds(int, double)}); false to send the whole prompt's after its first token
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
    double linkLatencySeconds,
    int numLayers,
    boolean layerwise) {

  /** The KV cache sent after the prefill. */
  public DisaggregatedSetup(int prefillReplicas, int decodeReplicas, int prefillKvBlocks, int decodeKvBlocks,
      ExecutionTimeModel prefillTiming, ExecutionTimeModel decodeTiming, RouterProvider prefillRouter,
      Map<String, Object> prefillRouterParams, RouterProvider decodeRouter, Map<String, Object> decodeRouterParams,
      double kvBytesPerToken, double linkBytesPerSecond, double linkLatencySeconds) {
    this(prefillReplicas, decodeReplicas, prefillKvBlocks, decodeKvBlocks, prefillTiming, decodeTiming,
        prefillRouter, prefillRouterParams, decodeRouter, decodeRouterParams, kvBytesPerToken, linkBytesPerSecond,
        linkLatencySeconds, 1, false);
  }

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
    if (numLayers < 1) {
      throw new IllegalArgumentException("a model has >= 1 layer, got " + numLayers);
    }
    prefillRouterParams = prefillRouterParams == null ? Map.of() : Map.copyOf(prefillRouterParams);
    decodeRouterParams = decodeRouterParams == null ? Map.of() : Map.copyOf(decodeRouterParams);
  }

  /** Seconds to move the KV cache of {@code tokens} tokens: latency + bytes / bandwidth. */
  public double transferSeconds(int tokens) {
    return linkLatencySeconds + tokens * kvBytesPerToken / linkBytesPerSecond;
  }

  /**
   * Seconds the transfer of a {@code tokens}-token prompt adds after its first token, when each layer's KV
   * cache may leave as soon as the prefill has computed it ({@link #layerwise()}); else
   * {@link #transferSeconds(int)}.
   *
   * <p>Let T = tokens x bytes per token / bandwidth (the whole cache over the link), L the layers and C
   * the seconds the prefill replica computed the prompt. If its computation ran as one pass, layer l's
   * cache is ready C x l / L after it started, and the link sends each layer's T / L once that layer is
   * ready and the previous one is sent. The last layer then leaves at the later of: the prefill's end
   * plus T / L (the last layer cannot leave earlier), and the first layer's readiness plus T (the link
   * never idles from then on), i.e. C / L + T, which is C - C x (L - 1) / L + T after the prefill's end.
   * So the visible transfer is
   *
   * <pre>  latency + max(T / L, T - C x (L - 1) / L)</pre>
   *
   * and equals the after-prefill transfer (latency + T) as C goes to 0. A prompt computed in several
   * chunks, with other work and waits between them, is counted as if its chunks ran back to back: C is
   * the sum of the chunks' batch times. That ignores what the link could send during the waits between
   * chunks (data computed earlier is sent no later than assumed), and the last chunk's last layer is
   * smaller than the whole prompt's T / L: both err toward a longer transfer. (It could err the other way
   * only if a later chunk computed faster per token than an earlier one; attention over a longer context
   * makes later chunks slower.) Prefix-cache hits are sent but not computed: they add to T, not to C.
   *
   * @param computeSeconds C, the prompt's computation on the prefill replica (0: no overlap)
   */
  public double transferSeconds(int tokens, double computeSeconds) {
    if (!layerwise) {
      return transferSeconds(tokens);
    }
    double bulk = tokens * kvBytesPerToken / linkBytesPerSecond;
    return linkLatencySeconds + Math.max(bulk / numLayers, bulk - computeSeconds * (numLayers - 1) / numLayers);
  }
}
