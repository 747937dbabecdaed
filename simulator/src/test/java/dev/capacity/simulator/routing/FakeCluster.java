package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;
import java.util.Arrays;

/** A cluster whose prefix-cache hits are set by hand per (replica, request id); everything else idle. */
final class FakeCluster implements ClusterView {
  private final int[][] hits;

  FakeCluster(int numReplicas) {
    hits = new int[numReplicas][64];
  }

  /** Replica {@code replica} holds {@code tokens} cached prompt tokens of request {@code id}. */
  FakeCluster hit(int id, int... tokensPerReplica) {
    for (int i = 0; i < tokensPerReplica.length; i++) {
      hits[i][id] = tokensPerReplica[i];
    }
    return this;
  }

  @Override public int numReplicas() { return hits.length; }
  @Override public int cachedPrefillTokens(int replica, Request request) { return hits[replica][request.id()]; }
  @Override public int numWaiting(int replica) { return 0; }
  @Override public int numRunning(int replica) { return 0; }
  @Override public int numFreeKvBlocks(int replica) { return 100; }
  @Override public int numKvBlocks(int replica) { return 100; }

  @Override
  public String toString() {
    return Arrays.deepToString(hits);
  }
}
