package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;

/** What a router may read of the replicas at routing time. */
public interface ClusterView {
  int numReplicas();

  /**
   * Prompt tokens of {@code request} that replica {@code replica}'s prefix cache holds now (a multiple of
   * the block size, capped so at least one prompt token remains to compute). Read-only.
   */
  int cachedPrefillTokens(int replica, Request request);

  int numWaiting(int replica);

  int numRunning(int replica);

  int numFreeKvBlocks(int replica);

  int numKvBlocks(int replica);
}
