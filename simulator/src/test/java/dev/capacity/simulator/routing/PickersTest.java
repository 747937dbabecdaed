package dev.capacity.simulator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.simulator.SimulationInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pickers on fixed totals: exact picks where there is one best, frequencies where they draw. */
class PickersTest {
  static final int[] FOUR = {0, 1, 2, 3};

  static Pickers.Picker picker(Object spec, long seed) {
    ScoringContext c = new ScoringContext(new RouterContext(new FakeCluster(4), new RouterRandom(seed), Map.of()),
        "test", "picker", false, new java.util.LinkedHashMap<>());
    return Pickers.create(spec, c);
  }

  static int[] counts(Pickers.Picker p, double[] totals, int draws) {
    int[] counts = new int[4];
    for (int i = 0; i < draws; i++) {
      counts[p.pick(FOUR, 4, totals)]++;
    }
    return counts;
  }

  @Test
  void maxScorePicksTheHighestTotalAndDrawsAmongTies() {
    Pickers.Picker p = picker("max_score", 1);
    assertThat(p.pick(FOUR, 4, new double[] {0.2, 1.7, 0.9, 1.6})).isEqualTo(1);
    assertThat(p.pick(new int[] {2, 3}, 2, new double[] {0.1, 0.0})).isEqualTo(2); // ids, not positions
    // 1 and 3 tie at 1.5: about half each, never 0 or 2
    int[] c = counts(p, new double[] {1.0, 1.5, 0.5, 1.5}, 4000);
    assertThat(c[0] + c[2]).isZero();
    assertThat(c[1]).isBetween(1850, 2150);
    // the default picker is max_score
    assertThat(picker(null, 1).pick(FOUR, 4, new double[] {0, 0, 3, 0})).isEqualTo(2);
  }

  @Test
  void maxScoreTieBreaksAreTheRoutersSeededChoice() {
    double[] tied = {1, 1, 1, 1};
    RouterRandom same = new RouterRandom(9);
    Pickers.Picker p = picker("max_score", 9);
    for (int i = 0; i < 50; i++) {
      assertThat(p.pick(FOUR, 4, tied)).isEqualTo(same.choice(FOUR, 4));
    }
  }

  @Test
  void randomIgnoresTheTotals() {
    int[] c = counts(picker("random", 2), new double[] {9, 0, 0, 0}, 4000);
    for (int n : c) {
      assertThat(n).isBetween(880, 1120); // 1000 each, sd about 27
    }
  }

  @Test
  void topKIsUniformAmongTheKBestWithTiesSharingTheLastPlaces() {
    // k 2 on 0.9, 0.5, 0.5, 0.1: replica 0 is in for sure (1/2), 1 and 2 share the second place (1/4 each)
    int[] c = counts(picker(Map.of("name", "top_k", "k", 2), 3), new double[] {0.9, 0.5, 0.5, 0.1}, 8000);
    assertThat(c[3]).isZero();
    assertThat(c[0]).isBetween(3800, 4200);
    assertThat(c[1]).isBetween(1850, 2150);
    assertThat(c[2]).isBetween(1850, 2150);
    // k 1 is max_score; k >= candidates is uniform
    assertThat(counts(picker(Map.of("name", "top_k", "k", 1), 3), new double[] {0, 2, 1, 0}, 100)[1]).isEqualTo(100);
    int[] all = counts(picker(Map.of("name", "top_k", "k", 4), 3), new double[] {0.9, 0.5, 0.5, 0.1}, 4000);
    assertThat(all[3]).isBetween(880, 1120);
  }

  @Test
  void weightedRandomDrawsInProportionToTheTotals() {
    // A-Res keys u^(1/w): P(pick i) = w_i / sum w; totals 0, 1, 3, 0 -> 1/4 and 3/4, never the zeros
    int[] c = counts(picker("weighted_random", 4), new double[] {0, 1, 3, 0}, 8000);
    assertThat(c[0] + c[3]).isZero();
    assertThat(c[1]).isBetween(1850, 2150);
    // all zero: uniform
    int[] z = counts(picker("weighted_random", 4), new double[] {0, 0, 0, 0}, 4000);
    assertThat(z[0]).isBetween(880, 1120);
  }

  @Test
  void badPickersAreRejectedNamingTheAllowedOnes() {
    assertThatThrownBy(() -> picker("best", 1))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("max_score, random, top_k, weighted_random");
    assertThatThrownBy(() -> picker(Map.of("name", "top_k"), 1)).hasMessageContaining("k >= 1");
    assertThatThrownBy(() -> picker(Map.of("name", "top_k", "k", 0), 1)).hasMessageContaining("k >= 1");
    assertThatThrownBy(() -> picker(Map.of("name", "max_score", "k", 2), 1)).hasMessageContaining("no parameter 'k'");
  }
}
