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

  /** Tokens per KV block (and per prompt block hash). */
  default int blockSize() {
    return 16;
  }

  /**
   * The hash of prompt block {@code block} (0 &lt;= block &lt; {@link Request#hashCount()}) of
   * {@code request}: equal hashes mean an equal prompt prefix up to the end of that block. Used by the
   * router's own approximate prefix index ({@code prefix_cache} scorer); views without hashes return the
   * block number, which makes every request share its prefix with every other.
   */
  default long blockHash(Request request, int block) {
    return block;
  }
}
