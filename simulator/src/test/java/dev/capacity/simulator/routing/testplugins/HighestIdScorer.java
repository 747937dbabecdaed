package dev.capacity.simulator.routing.testplugins;

import dev.capacity.simulator.engine.Request;
import dev.capacity.simulator.routing.Scorer;
import dev.capacity.simulator.routing.ScorerProvider;
import dev.capacity.simulator.routing.ScoringContext;
import java.util.Set;

/**
 * A test-only scorer registered through {@code META-INF/services} in the test resources, written against
 * the public SPI only (as a study project would): replica r scores (r + offset) / (R - 1 + offset).
 */
public final class HighestIdScorer implements Scorer {
  private final double offset;
  private final int last;

  HighestIdScorer(ScoringContext context) {
    this.offset = context.doubleParam("offset", 0);
    this.last = context.numReplicas() - 1;
  }

  @Override
  public void score(Request request, int[] candidates, int count, double[] scores) {
    for (int i = 0; i < count; i++) {
      scores[i] = (candidates[i] + offset) / (last + offset);
    }
  }

  public static final class Provider implements ScorerProvider {
    @Override
    public String name() {
      return "highest_id";
    }

    @Override
    public Scorer create(ScoringContext context) {
      return new HighestIdScorer(context);
    }

    @Override
    public Set<String> parameters() {
      return Set.of("offset");
    }
  }
}
