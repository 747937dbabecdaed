package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;

/**
 * The first stage of a {@code scorer} router (llm-d's Filter extension point): narrows the replicas a
 * request may go to. Filters run in the order listed, each on what the previous ones kept.
 */
public interface Filter extends RoutingListener {
  /**
   * Keeps a subset of {@code candidates[0..count)} (replica ids, ascending): writes the kept ids to the
   * front of the array in the same order and returns how many. Returning 0 keeps none; the router then
   * goes on with the candidates as they were before this filter (llm-d fails the request instead, a
   * simulated router must route every request). Must not allocate per call.
   */
  int filter(Request request, int[] candidates, int count);
}
