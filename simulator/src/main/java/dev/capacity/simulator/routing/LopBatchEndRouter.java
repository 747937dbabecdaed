package dev.capacity.simulator.routing;

import dev.capacity.simulator.batching.Batch;
import dev.capacity.simulator.engine.Request;

/**
 * {@code lop_batch_end} (reference §2.5): like {@code lop} (least outstanding prefill tokens, ties to the
 * router's choice), but the counters come down as prefill is computed — at every batch end, by the
 * batch's prefill tokens — instead of all at once at prefill end.
 *
 * <p>Differences from the reference, which adds P and subtracts {@link Batch#numPrefillTokens()}, so its
 * counters grow without bound under prefix caching (the cached part is added but never computed) and go
 * wrong after restarts (recomputed tokens are subtracted again) — its H9:
 *
 * <ul>
 *   <li>At routing, the chosen replica's cache is probed and P minus the cached part is added.
 *   <li>At a batch end, each request's prefill tokens in the batch are subtracted, but never more than
 *       is still outstanding for that request: the total is the batch's prefill tokens except where a
 *       request computes more than it was charged (restart recompute, or a smaller cache hit at admission
 *       than at routing). No counter ever goes below zero.
 *   <li>At the request's first prefill end, whatever is left for it (a larger hit at admission than at
 *       routing) is taken back, so after a run in which every request completes the counters are zero.
 *   <li>A request whose prefill never completes (time limit) stays counted, as in the reference.
 * </ul>
 */
final class LopBatchEndRouter implements Router {
  private final ClusterView cluster;
  private final Outstanding prefill;

  LopBatchEndRouter(RouterContext context) {
    this.cluster = context.cluster();
    this.prefill = new Outstanding(context.cluster(), context.random());
  }

  @Override
  public int route(Request request) {
    int target = prefill.leastPending();
    prefill.add(request, target, request.prefillTokens() - cluster.cachedPrefillTokens(target, request));
    return target;
  }

  @Override
  public void onBatchEnd(int replica, Batch batch) {
    // Only requests with charge left are in their first prefill; decode steps find nothing to take back.
    for (int i = 0, n = batch.size(); i < n; i++) {
      prefill.removeAtMost(batch.request(i), batch.tokens(i));
    }
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
      return "lop_batch_end";
    }

    @Override
    public Router create(RouterContext context) {
      return new LopBatchEndRouter(context);
    }
  }
}
