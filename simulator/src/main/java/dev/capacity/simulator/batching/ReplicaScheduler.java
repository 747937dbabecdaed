package dev.capacity.simulator.batching;

import dev.capacity.simulator.engine.Request;

/**
 * Decides which requests run in a replica's next batch iteration and with how many tokens, admitting
 * from its waiting queue and preempting when KV blocks run out. One instance per replica per simulation;
 * implementations are found by name through {@link ReplicaSchedulerProvider}.
 */
public interface ReplicaScheduler {
  /** A request the router sent to this replica. */
  void add(Request request);

  /**
   * Forms the next batch into {@code out} (already cleared). Leaves it empty when nothing can run now.
   * Requests still in flight in another pipeline stage ({@link Request#isInFlight()}) must be skipped.
   */
  void nextBatch(Batch out);

  /**
   * Called after the engine has advanced every request of the batch; releases what completed requests
   * hold. Completed requests are the ones with {@link Request#isCompleted()}.
   */
  void onBatchEnd(Batch batch);

  /**
   * True when, with an empty queue and every running request decoding in the batch just formed, the next
   * batch would be the same requests again, each allocating one token with
   * {@code kv.allocate(id, processed, 1, 0, ...)} in batch order, unless KV blocks run out. The engine then
   * runs such decode steps back to back without forming batches (results are identical). Default: no.
   */
  default boolean repeatsDecodeBatches() {
    return false;
  }

  /**
   * Disaggregated layouts, on a decode replica: a request whose prompt and first token another replica
   * computed, and whose KV blocks for them the engine has already allocated in this replica's cache, joins
   * the running requests and decodes from here. Only schedulers whose provider says
   * {@link ReplicaSchedulerProvider#supportsDisaggregation()} are asked.
   */
  default void addPrefilled(Request request) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot take prefilled requests");
  }

  int numWaiting();

  int numRunning();
}
