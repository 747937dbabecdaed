package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;
import java.util.Arrays;

/**
 * A cluster whose prefix-cache hits are set by hand per (replica, request id), and queue lengths, running
 * requests, free KV blocks and prompt block hashes when a test sets them; otherwise idle.
 */
final class FakeCluster implements ClusterView {
  private final int[][] hits;
  private final int[] waiting;
  private final int[] running;
  private final int[] freeKv;
  private final long[][] hashes = new long[64][];

  FakeCluster(int numReplicas) {
    hits = new int[numReplicas][64];
    waiting = new int[numReplicas];
    running = new int[numReplicas];
    freeKv = new int[numReplicas];
    Arrays.fill(freeKv, 100);
  }

  /** Waiting-queue lengths per replica. */
  FakeCluster waiting(int... perReplica) {
    System.arraycopy(perReplica, 0, waiting, 0, perReplica.length);
    return this;
  }

  /** Running requests per replica. */
  FakeCluster running(int... perReplica) {
    System.arraycopy(perReplica, 0, running, 0, perReplica.length);
    return this;
  }

  /** Free KV blocks per replica (of 100). */
  FakeCluster freeKv(int... perReplica) {
    System.arraycopy(perReplica, 0, freeKv, 0, perReplica.length);
    return this;
  }

  /** Request {@code id}'s prompt block hashes (make the request with {@code hashCount} = their number). */
  FakeCluster hashes(int id, long... blockHashes) {
    hashes[id] = blockHashes;
    return this;
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
  @Override public int numWaiting(int replica) { return waiting[replica]; }
  @Override public int numRunning(int replica) { return running[replica]; }
  @Override public int numFreeKvBlocks(int replica) { return freeKv[replica]; }
  @Override public long blockHash(Request request, int block) { return hashes[request.id()][block]; }
  @Override public int numKvBlocks(int replica) { return 100; }

  @Override
  public String toString() {
    return Arrays.deepToString(hits);
  }
}
