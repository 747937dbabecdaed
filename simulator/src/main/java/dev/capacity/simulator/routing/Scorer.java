package dev.capacity.simulator.routing;

import dev.capacity.simulator.engine.Request;

/**
 * The second stage of a {@code scorer} router (llm-d's Scorer extension point): rates every remaining
 * replica for a request. The router clamps each score to [0, 1] (as llm-d's {@code enforceScoreRange}),
 * multiplies it by the scorer's weight and adds it up over the scorers; the picker then chooses.
 */
public interface Scorer extends RoutingListener {
  /**
   * Writes the score of replica {@code candidates[i]} to {@code scores[i]} for i in [0, count); higher is
   * better, 1 the best. Must not allocate per call.
   */
  void score(Request request, int[] candidates, int count, double[] scores);
}
