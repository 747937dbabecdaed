package dev.capacity.simulator.engine;

import dev.capacity.simulator.routing.ClusterView;

/**
 * What a router of one pool of a disaggregated layout sees: replicas {@code offset..offset+count-1} of the
 * simulation, numbered 0..count-1.
 */
final class PoolView implements ClusterView {
  private final Simulation sim;
  private final int offset;
  private final int count;

  PoolView(Simulation sim, int offset, int count) {
    this.sim = sim;
    this.offset = offset;
    this.count = count;
  }

  @Override
  public int numReplicas() {
    return count;
  }

  @Override
  public int cachedPrefillTokens(int replica, dev.capacity.simulator.engine.Request request) {
    return sim.cachedPrefillTokens(offset + replica, request);
  }

  @Override
  public int numWaiting(int replica) {
    return sim.numWaiting(offset + replica);
  }

  @Override
  public int numRunning(int replica) {
    return sim.numRunning(offset + replica);
  }

  @Override
  public int numFreeKvBlocks(int replica) {
    return sim.numFreeKvBlocks(offset + replica);
  }

  @Override
  public int numKvBlocks(int replica) {
    return sim.numKvBlocks(offset + replica);
  }

  @Override
  public int blockSize() {
    return sim.blockSize();
  }

  @Override
  public long blockHash(Request request, int block) {
    return sim.blockHash(request, block);
  }
}
