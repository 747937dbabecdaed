package dev.capacity.simulator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.simulator.SimulationInputException;
import dev.capacity.simulator.engine.Request;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every built-in scorer and filter on a hand-worked cluster state; the expected numbers are derived inline. */
class ScoringPartsTest {
  static final ScoringPlugins PLUGINS = Routers.builtIn().scoringPlugins();

  /** A context for one part: its own random stream (seed 1) and a fresh table of shared states. */
  static ScoringContext context(ClusterView cluster, Map<String, Object> params) {
    return new ScoringContext(new RouterContext(cluster, new RouterRandom(1), Map.of()), "test", "part", false,
        new LinkedHashMap<>()).forPart("part", params);
  }

  /**
   * Parts of one router and the states they share, with the routing events forwarded as the router
   * forwards them (shared states first).
   */
  static final class Rig {
    final Map<String, RoutingListener> shared = new LinkedHashMap<>();
    final List<RoutingListener> parts = new ArrayList<>();
    final ClusterView cluster;

    Rig(ClusterView cluster) {
      this.cluster = cluster;
    }

    Scorer scorer(String name, Map<String, Object> params) {
      Scorer s = PLUGINS.scorer(name).create(new ScoringContext(new RouterContext(cluster, new RouterRandom(1), params),
          "test", name, false, shared));
      parts.add(s);
      return s;
    }

    void routed(Request request, int replica) {
      shared.values().forEach(l -> l.onRouted(request, replica));
      parts.forEach(l -> l.onRouted(request, replica));
    }

    long[] outstanding() {
      return shared.values().iterator().next().outstanding();
    }
  }

  static Scorer scorer(String name, ClusterView cluster, Map<String, Object> params) {
    return PLUGINS.scorer(name).create(context(cluster, params));
  }

  /** The scores of every replica (all candidates). */
  static double[] scores(Scorer s, Request request, int replicas) {
    int[] all = new int[replicas];
    for (int i = 0; i < replicas; i++) {
      all[i] = i;
    }
    double[] out = new double[replicas];
    s.score(request, all, replicas, out);
    return out;
  }

  static Request req(int id, int prefill) {
    return Request.forTest(id, id, prefill, 10, -1);
  }

  @Test
  void queueScorerIsMinMaxInvertedWaitingQueue() {
    // waiting 2, 6, 4: max 6, min 2 -> (6-2)/4, (6-6)/4, (6-4)/4
    FakeCluster c = new FakeCluster(3).waiting(2, 6, 4);
    assertThat(scores(scorer("queue", c, Map.of()), req(0, 10), 3)).containsExactly(1.0, 0.0, 0.5);
    // all equal: neutral 1 each
    assertThat(scores(scorer("queue", new FakeCluster(2).waiting(3, 3), Map.of()), req(0, 10), 2))
        .containsExactly(1.0, 1.0);
  }

  @Test
  void queueScorerNormalisesOverTheCandidatesOnly() {
    FakeCluster c = new FakeCluster(3).waiting(2, 6, 4);
    double[] out = new double[2];
    scorer("queue", c, Map.of()).score(req(0, 10), new int[] {1, 2}, 2, out);
    assertThat(out).containsExactly(0.0, 1.0); // among 6 and 4
  }

  @Test
  void runningRequestsScorerIsMinMaxInvertedRunning() {
    FakeCluster c = new FakeCluster(4).running(3, 3, 1, 5);
    // max 5, min 1: (5-3)/4, (5-3)/4, 1, 0
    assertThat(scores(scorer("running_requests", c, Map.of()), req(0, 10), 4)).containsExactly(0.5, 0.5, 1.0, 0.0);
  }

  @Test
  void kvCacheUtilizationScorerIsOneMinusUsedFraction() {
    FakeCluster c = new FakeCluster(3).freeKv(100, 25, 60); // of 100 blocks
    assertThat(scores(scorer("kv_cache_utilization", c, Map.of()), req(0, 10), 3)).containsExactly(1.0, 0.25, 0.6);
  }

  @Test
  void loadAwareScorerHalvesAndSaturatesAtTheThreshold() {
    FakeCluster c = new FakeCluster(4).waiting(0, 1, 4, 9);
    // threshold 4: 0.5; 0.5 (1 - 1/4) = 0.375; 0.5 (1 - 4/4) = 0; 9 capped at 4 -> 0
    assertThat(scores(scorer("load_aware", c, Map.of("threshold", 4)), req(0, 10), 4))
        .containsExactly(0.5, 0.375, 0.0, 0.0);
    // default threshold 128: 0.5 (1 - 9/128)
    assertThat(scores(scorer("load_aware", c, Map.of()), req(0, 10), 4)[3]).isEqualTo(0.5 * (1 - 9 / 128.0));
    assertThatThrownBy(() -> scorer("load_aware", c, Map.of("threshold", 0)))
        .isInstanceOf(SimulationInputException.class).hasMessageContaining("threshold");
  }

  @Test
  void activeRequestScorerCountsRequestsUntilTheyComplete() {
    FakeCluster c = new FakeCluster(3);
    Scorer s = scorer("active_request", c, Map.of());
    // 0 requests on replica 0, 2 on replica 1, 4 on replica 2
    List<Request> routed = new ArrayList<>();
    int id = 0;
    for (int[] rc : new int[][] {{1, 2}, {2, 4}}) {
      for (int k = 0; k < rc[1]; k++) {
        Request r = req(id++, 10);
        s.onRouted(r, rc[0]);
        routed.add(r);
      }
    }
    assertThat(s.outstanding()).containsExactly(0, 2, 4);
    // idle (0 <= idle_threshold 0): 1; busy: (max 4 - n) / 4 -> 0.5, 0
    assertThat(scores(s, req(9, 10), 3)).containsExactly(1.0, 0.5, 0.0);
    // a prefill end changes nothing; a completion takes the request back
    s.onPrefillEnd(routed.get(5));
    assertThat(s.outstanding()).containsExactly(0, 2, 4);
    s.onRequestEnd(routed.get(5));
    assertThat(s.outstanding()).containsExactly(0, 2, 3);

    Scorer tuned = scorer("active_request", c, Map.of("idle_threshold", 2, "max_busy_score", 0.5));
    for (Request r : routed.subList(0, 5)) {
      tuned.onRouted(r, r.id() < 2 ? 1 : 2); // 2 on replica 1, 3 on replica 2
    }
    // 0 and 2 are idle (<= 2): 1; 3 is the busiest: (3 - 3) / 3 x 0.5 = 0
    assertThat(scores(tuned, req(9, 10), 3)).containsExactly(1.0, 1.0, 0.0);
  }

  @Test
  void outstandingPrefillCountsPromptsRequestsOrUncachedTokens() {
    FakeCluster c = new FakeCluster(3).hit(0, 100, 0, 0);
    Scorer tokens = scorer("outstanding_prefill", c, Map.of());
    Scorer requests = scorer("outstanding_prefill", c, Map.of("count", "requests"));
    Scorer uncached = scorer("outstanding_prefill", c, Map.of("count", "uncached_prompt_tokens"));
    Request r0 = req(0, 300);
    Request r1 = req(1, 100);
    for (Scorer s : List.of(tokens, requests, uncached)) {
      s.onRouted(r0, 0);
      s.onRouted(r1, 1);
    }
    assertThat(tokens.outstanding()).containsExactly(300, 100, 0);
    assertThat(requests.outstanding()).containsExactly(1, 1, 0);
    assertThat(uncached.outstanding()).containsExactly(200, 100, 0); // 300 - hit 100 on replica 0
    // min-max inverted: (300 - v) / 300
    assertThat(scores(tokens, req(2, 10), 3)).containsExactly(0.0, 2 / 3.0, 1.0);
    assertThat(scores(requests, req(2, 10), 3)).containsExactly(0.0, 0.0, 1.0);
    // taken back exactly at the first prefill end
    tokens.onPrefillEnd(r0);
    tokens.onPrefillEnd(r0);
    assertThat(tokens.outstanding()).containsExactly(0, 100, 0);
    assertThatThrownBy(() -> scorer("outstanding_prefill", c, Map.of("count", "bytes")))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("prompt_tokens, requests, uncached_prompt_tokens");
  }

  @Test
  void prefillImbalanceScoresTheImbalanceOfPlacingTheUncachedPrompt() {
    FakeCluster c = new FakeCluster(3).hit(3, 0, 200, 300);
    Rig rig = new Rig(c);
    Scorer s = rig.scorer("prefill_imbalance", Map.of());
    rig.routed(req(0, 200), 0); // no hits for requests 0-2: counters 200, 0, 100
    rig.routed(req(2, 100), 2);
    assertThat(rig.outstanding()).containsExactly(200, 0, 100);
    // request 3, P 300, uncached 300, 100, 0:
    //   on 0: {500, 0, 100} -> 500; on 1: {200, 100, 100} -> 100; on 2: {200, 0, 100} -> 200
    // scores (500 - imb) / 400: 0, 1, 0.75
    Request r3 = req(3, 300);
    assertThat(scores(s, r3, 3)).containsExactly(0.0, 1.0, 0.75);
    rig.routed(r3, 1);
    assertThat(rig.outstanding()).containsExactly(200, 100, 100);
  }

  @Test
  void sessionAffinityScoresTheSessionsLastReplica() {
    FakeCluster c = new FakeCluster(3);
    Rig rig = new Rig(c);
    Scorer s = rig.scorer("session_affinity", Map.of());
    rig.routed(Request.forTest(0, 0, 10, 10, 7), 2);
    assertThat(scores(s, Request.forTest(1, 1, 10, 10, 7), 3)).containsExactly(0.0, 0.0, 1.0);
    assertThat(scores(s, Request.forTest(2, 2, 10, 10, 8), 3)).containsExactly(0.0, 0.0, 0.0); // new session
    assertThat(scores(s, req(3, 10), 3)).containsExactly(0.0, 0.0, 0.0); // no session: optional here
    rig.routed(Request.forTest(4, 4, 10, 10, 7), 0); // the session moved: its latest replica counts
    assertThat(scores(s, Request.forTest(5, 5, 10, 10, 7), 3)).containsExactly(1.0, 0.0, 0.0);
  }

  static Request hashed(int id, int blocks) {
    return Request.forTest(id, id, blocks * 16, 10, -1, blocks);
  }

  @Test
  void precisePrefixCacheScoresTheReplicasActualHits() {
    // 4 blocks of 16; replicas hold 0, 32 and 48 of its tokens: 0/4, 2/4, 3/4
    FakeCluster c = new FakeCluster(3).hit(0, 0, 32, 48);
    assertThat(scores(scorer("precise_prefix_cache", c, Map.of()), hashed(0, 4), 3)).containsExactly(0.0, 0.5, 0.75);
    // no blocks: 0
    assertThat(scores(scorer("precise_prefix_cache", c, Map.of()), req(0, 10), 3)).containsExactly(0.0, 0.0, 0.0);
  }

  @Test
  void prefixCacheScoresTheLongestRoutedPrefixInTheApproximateIndex() {
    FakeCluster c = new FakeCluster(3).hashes(0, 1, 2, 3, 4).hashes(1, 1, 2, 9, 10).hashes(2, 5, 6);
    Rig rig = new Rig(c);
    Scorer s = rig.scorer("prefix_cache", Map.of());
    rig.routed(hashed(0, 4), 1);
    rig.routed(hashed(2, 2), 2);
    // request 1: block 1 and 2 on replica 1, block 9 nowhere: the walk stops; 2 of 4 blocks
    assertThat(scores(s, hashed(1, 4), 3)).containsExactly(0.0, 0.5, 0.0);
    // the replicas' real caches play no part
    assertThat(c.cachedPrefillTokens(1, hashed(1, 4))).isZero();
  }

  @Test
  void prefixIndexEvictsEachReplicasLeastRecentlyRoutedBlocks() {
    FakeCluster c = new FakeCluster(2).hashes(0, 1, 2, 3, 4).hashes(1, 1, 5).hashes(2, 1, 2).hashes(3, 5, 9);
    // capacity 3 blocks a replica: routing 1, 2, 3, 4 evicts 1; block 1 is then nowhere, so nothing matches
    Rig rig3 = new Rig(c);
    Scorer small = rig3.scorer("prefix_cache", Map.of("lru_capacity_per_server", 3));
    rig3.routed(hashed(0, 4), 0);
    assertThat(scores(small, hashed(2, 2), 2)).containsExactly(0.0, 0.0);
    // capacity 4: 1, 2, 3, 4; then 1 (now the most recent) and 5, which evicts 2
    Rig rig4 = new Rig(c);
    Scorer four = rig4.scorer("prefix_cache", Map.of("lru_capacity_per_server", 4));
    rig4.routed(hashed(0, 4), 0);
    rig4.routed(hashed(1, 2), 0);
    assertThat(scores(four, hashed(2, 2), 2)).containsExactly(0.5, 0.0); // 1 matches, 2 was evicted
    assertThat(scores(four, hashed(3, 2), 2)).containsExactly(0.5, 0.0); // 5 matches, 9 nowhere
  }

  @Test
  void prefixIndexMatchesANaiveModelUnderRandomTraffic() {
    // The open-addressing table with backward-shift deletion against LinkedHashSet LRUs.
    SplittableRandom rnd = new SplittableRandom(5);
    int replicas = 3;
    int capacity = 7;
    FakeCluster c = new FakeCluster(replicas);
    PrefixIndex index = new PrefixIndex(c, capacity);
    List<LinkedHashSet<Long>> model = new ArrayList<>();
    for (int r = 0; r < replicas; r++) {
      model.add(new LinkedHashSet<>());
    }
    for (int step = 0; step < 3000; step++) {
      int id = step % 64;
      long[] h = new long[1 + rnd.nextInt(5)];
      for (int b = 0; b < h.length; b++) {
        h[b] = rnd.nextInt(12) * 0x1000_0000_0000L; // few distinct values, colliding low bits
      }
      c.hashes(id, h);
      Request q = hashed(id, h.length);
      // expected match counts from the model
      int[] expected = new int[replicas];
      for (long x : h) {
        boolean any = false;
        for (int r = 0; r < replicas; r++) {
          if (model.get(r).contains(x)) {
            expected[r]++;
            any = true;
          }
        }
        if (!any) {
          break;
        }
      }
      for (int r = 0; r < replicas; r++) {
        assertThat(index.score(q, r)).as("step %d replica %d", step, r).isEqualTo((double) expected[r] / h.length);
      }
      int target = rnd.nextInt(replicas);
      index.onRouted(q, target);
      LinkedHashSet<Long> lru = model.get(target);
      for (long x : h) {
        lru.remove(x);
        lru.add(x);
        if (lru.size() > capacity) {
          lru.remove(lru.iterator().next());
        }
      }
      for (int r = 0; r < replicas; r++) {
        assertThat(index.size(r)).isEqualTo(model.get(r).size());
      }
    }
  }

  static Filter filter(String name, ScoringContext context) {
    return PLUGINS.filter(name).create(context);
  }

  static int[] kept(Filter f, Request request, int replicas) {
    int[] all = new int[replicas];
    for (int i = 0; i < replicas; i++) {
      all[i] = i;
    }
    return Arrays.copyOf(all, f.filter(request, all, replicas));
  }

  @Test
  void prefixCacheAffinityKeepsReplicasAboveTheThresholdOrNone() {
    FakeCluster c = new FakeCluster(3).hashes(0, 1, 2, 3, 4).hashes(1, 1, 2, 3, 8).hashes(2, 1, 9).hashes(3, 1, 7);
    ScoringContext ctx = context(c, Map.of("affinity_threshold", 0.75, "exploration_probability", 0));
    Filter f = filter("prefix_cache_affinity", ctx);
    PrefixIndex index = ctx.shared(PrefixIndex.KEY, PrefixIndex.class, x -> null); // the filter's
    index.onRouted(hashed(0, 4), 2);
    index.onRouted(hashed(2, 2), 0);
    // request 1: blocks 1, 2, 3 on replica 2 (3/4 >= 0.75), block 1 on replica 0 (1/4)
    assertThat(kept(f, hashed(1, 4), 3)).containsExactly(2);
    // request 3 (blocks 1, 7): 1/2 on replicas 0 and 2, below 0.75: keeps none (the router then keeps all)
    assertThat(kept(f, hashed(3, 2), 3)).isEmpty();
    // exploration 1: always every candidate
    Filter explore = filter("prefix_cache_affinity", context(c, Map.of("exploration_probability", 1.0)));
    assertThat(kept(explore, hashed(1, 4), 3)).containsExactly(0, 1, 2);
  }

  /** A sticky filter whose session 1 was last routed to replica 0. */
  static Filter stickyFilter(String name, ClusterView c, Map<String, Object> params) {
    ScoringContext ctx = context(c, params);
    Filter f = filter(name, ctx);
    ctx.shared("sessions", SessionPlugins.SessionState.class, x -> null).onRouted(Request.forTest(0, 0, 5, 5, 1), 0);
    return f;
  }

  @Test
  void stickyFiltersKeepTheSessionsReplicaOnlyWithinTheirRule() {
    // two replicas, counters 0/0; session 1 last on replica 0; request P 600 hits 0 and 300:
    // uncached 600 / 300 -> imbalance on 0: 600, on 1: 300 (least)
    FakeCluster c = new FakeCluster(2).hit(1, 0, 300);
    Request r1 = Request.forTest(1, 1, 600, 5, 1);
    // 600 > 1.0 x 300: every candidate; 600 <= 2.0 x 300: the session's replica
    assertThat(kept(stickyFilter("sticky_tolerance", c, Map.of("tolerance_factor", 1.0)), r1, 2)).containsExactly(0, 1);
    Filter tolerant = stickyFilter("sticky_tolerance", c, Map.of("tolerance_factor", 2.0));
    assertThat(kept(tolerant, r1, 2)).containsExactly(0);
    // a new session: every candidate, no draw
    assertThat(kept(tolerant, Request.forTest(2, 2, 600, 5, 2), 2)).containsExactly(0, 1);
    // replica 0 ranks second (600 > 300): not in the top 1, in the top 2
    assertThat(kept(stickyFilter("sticky_top_k", c, Map.of("top_k", 1)), r1, 2)).containsExactly(0, 1);
    assertThat(kept(stickyFilter("sticky_top_k", c, Map.of("top_k", 2)), r1, 2)).containsExactly(0);
  }
}
