package dev.capacity.simulator.batching;

import dev.capacity.simulator.engine.Request;

/**
 * The bookkeeping every built-in replica scheduler shares: requests wait in the replica's queue, admitted
 * ones sit in the running list, and completed ones release their KV blocks at batch end. Subclasses only
 * decide how a batch is formed.
 */
abstract class QueuedScheduler implements ReplicaScheduler {
  final SchedulerSupport s;
  final RunningList running;

  QueuedScheduler(SchedulerSettings settings) {
    this.s = new SchedulerSupport(settings);
    this.running = s.running;
  }

  @Override
  public void add(Request request) {
    s.queue.push(request);
  }

  @Override
  public void addPrefilled(Request request) {
    running.add(request);
  }

  @Override
  public void onBatchEnd(Batch batch) {
    s.removeCompleted();
  }

  @Override
  public int numWaiting() {
    return s.queue.size();
  }

  @Override
  public int numRunning() {
    return running.size();
  }
}
