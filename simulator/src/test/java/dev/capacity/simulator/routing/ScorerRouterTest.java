package dev.capacity.simulator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.simulator.SimulationInputException;
import dev.capacity.simulator.engine.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code scorer} router: filters, weighted sums and pickers put together, and custom parts. */
class ScorerRouterTest {
  static Router scorer(ClusterView cluster, Map<String, Object> params) {
    return RoutersTest.router("scorer", cluster, params);
  }

  static Map<String, Object> scorerPart(String name, double weight) {
    return Map.of("name", name, "weight", weight);
  }

  @Test
  void picksTheHighestWeightedSumOfClampedScores() {
    // queue scores (waiting 0, 4, 2): 1, 0, 0.5; kv_cache_utilization (free 20, 100, 60 of 100): 0.2, 1, 0.6
    FakeCluster c = new FakeCluster(3).waiting(0, 4, 2).freeKv(20, 100, 60);
    // 1 x queue + 2 x kv: 1.4, 2.0, 1.7 -> replica 1
    Router kvHeavy = scorer(c, Map.of("scorers",
        List.of(scorerPart("queue", 1), scorerPart("kv_cache_utilization", 2))));
    assertThat(kvHeavy.route(Request.forTest(0, 0, 10, 10, -1))).isEqualTo(1);
    // 3 x queue + 1 x kv: 3.2, 1.0, 2.1 -> replica 0
    Router queueHeavy = scorer(c, Map.of("scorers",
        List.of(scorerPart("queue", 3), scorerPart("kv_cache_utilization", 1))));
    assertThat(queueHeavy.route(Request.forTest(0, 0, 10, 10, -1))).isEqualTo(0);
  }

  @Test
  void aFilterThatKeepsNoneIsSkipped() {
    // no prefix routed yet: prefix_cache_affinity keeps none, so the queue scorer sees all three
    FakeCluster c = new FakeCluster(3).waiting(5, 1, 3).hashes(0, 1, 2);
    Router r = scorer(c, Map.of(
        "filters", List.of(Map.of("name", "prefix_cache_affinity", "exploration_probability", 0)),
        "scorers", List.of(Map.of("name", "queue"))));
    assertThat(r.route(Request.forTest(0, 0, 32, 10, -1, 2))).isEqualTo(1);
  }

  @Test
  void theLorRouterIsActiveRequestWithMaxScore() {
    FakeCluster c = new FakeCluster(4);
    Router lor = RoutersTest.router("lor", c);
    Router composed = scorer(c, Map.of("scorers", List.of(Map.of("name", "active_request")), "picker", "max_score"));
    for (int i = 0; i < 40; i++) {
      Request q = Request.forTest(i, i, 10, 10, -1);
      int a = lor.route(q);
      assertThat(composed.route(q)).as("request " + i).isEqualTo(a);
      if (i % 3 == 0) {
        lor.onRequestEnd(q);
        composed.onRequestEnd(q);
      }
    }
    assertThat(composed.outstanding()).containsExactly(lor.outstanding());
  }

  @Test
  void aScorerRegisteredByServiceLoaderIsUsableByName() {
    assertThat(Routers.builtIn().scoringPlugins().scorerNames()).contains("highest_id", "queue", "prefix_cache");
    Router r = scorer(new FakeCluster(5), Map.of("scorers", List.of(Map.of("name", "highest_id", "offset", 1))));
    assertThat(r.route(Request.forTest(0, 0, 10, 10, -1))).isEqualTo(4);
  }

  @Test
  void badPartsAreRejectedWithTheAllowedNames() {
    FakeCluster c = new FakeCluster(2);
    assertThatThrownBy(() -> scorer(c, Map.of("scorers", List.of(Map.of("name", "queue_depth")))))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("unknown scorer 'queue_depth'")
        .hasMessageContaining("kv_cache_utilization");
    assertThatThrownBy(() -> scorer(c, Map.of("filters", List.of("session_affinity"))))
        .hasMessageContaining("unknown filter 'session_affinity'")
        .hasMessageContaining("prefix_cache_affinity");
    assertThatThrownBy(() -> scorer(c, Map.of("scorers", List.of(Map.of("name", "queue", "threshold", 3)))))
        .hasMessageContaining("queue has no parameter 'threshold'");
    assertThatThrownBy(() -> scorer(c, Map.of("scorers", List.of(scorerPart("queue", -1)))))
        .hasMessageContaining("weight must be a finite number >= 0");
  }
}
