package dev.capacity.simulator.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.simulator.SimulationInputException;
import dev.capacity.simulator.batching.Batch;
import dev.capacity.simulator.engine.Request;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One hand-worked scenario per router; the expected choices are derived in the comments. */
class RoutersTest {
  static final String[] ALL = {
    "round_robin", "random", "lor", "lop", "lop_binary", "lop_batch_end", "lop_uncached",
    "sticky_round_robin", "sticky_lor", "sticky_lop", "tolerant_sticky_lop_uncached",
    "ranked_sticky_lop_uncached"
  };
  static final String[] STICKY = {
    "sticky_round_robin", "sticky_lor", "sticky_lop", "tolerant_sticky_lop_uncached",
    "ranked_sticky_lop_uncached"
  };

  static Router router(String name, ClusterView cluster) {
    return router(name, cluster, Map.of());
  }

  static Router router(String name, ClusterView cluster, Map<String, Object> params) {
    return Routers.builtIn().get(name).create(new RouterContext(cluster, new RouterRandom(42), params));
  }

  static Request req(int id, int prefill) {
    return Request.forTest(id, id, prefill, 10, -1);
  }

  static Request req(int id, int prefill, int session) {
    return Request.forTest(id, id, prefill, 10, session);
  }

  @Test
  void everyRouterIsRegisteredWithItsParametersAndSessionNeeds() {
    Routers routers = Routers.builtIn();
    assertThat(routers.names()).contains(ALL);
    for (String name : STICKY) {
      assertThat(routers.get(name).needsSessions()).as(name).isTrue();
    }
    assertThat(routers.get("lop_uncached").needsSessions()).isFalse();
    assertThat(routers.get("tolerant_sticky_lop_uncached").parameters()).containsExactly("tolerance_factor");
    assertThat(routers.get("ranked_sticky_lop_uncached").parameters()).containsExactly("top_k");
    assertThat(routers.get("lor").parameters()).isEmpty();
  }

  @Test
  void roundRobinCyclesThroughReplicasInOrder() {
    Router r = router("round_robin", new FakeCluster(3));
    int[] got = new int[7];
    for (int i = 0; i < got.length; i++) {
      got[i] = r.route(req(i, 100));
    }
    assertThat(got).containsExactly(0, 1, 2, 0, 1, 2, 0);
  }

  @Test
  void randomIsUniformAndSeeded() {
    Router a = router("random", new FakeCluster(4));
    Router b = router("random", new FakeCluster(4));
    int[] counts = new int[4];
    for (int i = 0; i < 4000; i++) {
      int t = a.route(req(0, 100));
      assertThat(b.route(req(0, 100))).isEqualTo(t); // same seed, same choices
      counts[t]++;
    }
    // 1000 expected per replica, standard deviation about 27
    for (int c : counts) {
      assertThat(c).isBetween(880, 1120);
    }
  }

  @Test
  void lorSendsToTheReplicaWithFewestPendingRequests() {
    Router r = router("lor", new FakeCluster(3));
    // three requests on an idle cluster: each takes a replica still at 0, so all three are used
    Request[] q = {req(0, 100), req(1, 100), req(2, 100)};
    int[] t = new int[3];
    for (int i = 0; i < 3; i++) {
      t[i] = r.route(q[i]);
    }
    assertThat(t).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(r.outstanding()).containsExactly(1, 1, 1);
    // request 1 completes: its replica is the only one at 0 pending, so the next request goes there
    r.onRequestEnd(q[1]);
    Request next = req(3, 100);
    assertThat(r.route(next)).isEqualTo(t[1]);
    r.onRequestEnd(q[0]);
    r.onRequestEnd(q[2]);
    r.onRequestEnd(next);
    assertThat(r.outstanding()).containsExactly(0, 0, 0);
  }

  @Test
  void lopCountsFullPromptsUntilPrefillEnd() {
    Router r = router("lop", new FakeCluster(2).hit(2, 100, 100));
    Request r0 = req(0, 1000);
    int a = r.route(r0); // tie at 0/0: either replica
    int b = 1 - a;
    // pending a = 1000, b = 0 -> r1 (P 100) to b; then 1000 vs 100 -> r2 to b (caches are ignored)
    Request r1 = req(1, 100);
    Request r2 = req(2, 100);
    assertThat(r.route(r1)).isEqualTo(b);
    assertThat(r.route(r2)).isEqualTo(b);
    // 1000 vs 200 -> r3 (P 1000) to b, making b 1200 -> r4 to a
    Request r3 = req(3, 1000);
    Request r4 = req(4, 10);
    assertThat(r.route(r3)).isEqualTo(b);
    assertThat(r.route(r4)).isEqualTo(a);
    assertThat(r.outstanding()[a]).isEqualTo(1010);
    assertThat(r.outstanding()[b]).isEqualTo(1200);
    // prefill ends take back exactly what was added, once
    r.onPrefillEnd(r0);
    r.onPrefillEnd(r0);
    assertThat(r.outstanding()[a]).isEqualTo(10);
    for (Request q : new Request[] {r1, r2, r3, r4}) {
      r.onPrefillEnd(q);
    }
    assertThat(r.outstanding()).containsExactly(0, 0);
  }

  @Test
  void lopBinaryCountsRequestsInPrefill() {
    Router r = router("lop_binary", new FakeCluster(2));
    Request r0 = req(0, 5000);
    int a = r.route(r0);
    // a holds one request in prefill, b none: a short request still goes to b, prompt size is ignored
    Request r1 = req(1, 10);
    assertThat(r.route(r1)).isEqualTo(1 - a);
    assertThat(r.outstanding()).containsExactly(1, 1);
    r.onPrefillEnd(r0);
    Request r2 = req(2, 10);
    assertThat(r.route(r2)).isEqualTo(a);
    r.onPrefillEnd(r1);
    r.onPrefillEnd(r2);
    assertThat(r.outstanding()).containsExactly(0, 0);
  }

  @Test
  void lopBatchEndDecrementsByComputedPrefillNeverBelowZero() {
    // request 0 has 256 cached tokens on both replicas, others none
    Router r = router("lop_batch_end", new FakeCluster(2).hit(0, 256, 256));
    Request r0 = req(0, 1000);
    int a = r.route(r0);
    int b = 1 - a;
    assertThat(r.outstanding()[a]).isEqualTo(744); // P minus the cached part on the chosen replica
    Request r1 = req(1, 100);
    assertThat(r.route(r1)).isEqualTo(b); // 0 < 744
    // r0's first chunk of 512 computed: a = 232
    r.onBatchEnd(a, batch(r0, 512));
    assertThat(r.outstanding()[a]).isEqualTo(232);
    // 100 on b < 232 on a -> r2 (P 300) to b: b = 400
    Request r2 = req(2, 300);
    assertThat(r.route(r2)).isEqualTo(b);
    // r0's last chunk of 232: a = 0; its prefill end leaves it at 0
    r.onBatchEnd(a, batch(r0, 232));
    r.onPrefillEnd(r0);
    assertThat(r.outstanding()[a]).isZero();
    // b computes r1's 100 and 500 tokens of r2 (more than the 300 it was charged, e.g. a recompute):
    // b comes down by 100 + 300 only, to 0, not to -200
    Batch both = batch(r1, 100);
    both.add(r2, 500);
    r.onBatchEnd(b, both);
    assertThat(r.outstanding()).containsExactly(0, 0);
    r.onPrefillEnd(r1);
    r.onPrefillEnd(r2);
    assertThat(r.outstanding()).containsExactly(0, 0);
  }

  @Test
  void lopBatchEndTakesBackAnUncomputedRemainderAtPrefillEnd() {
    Router r = router("lop_batch_end", new FakeCluster(1));
    Request r0 = req(0, 1000);
    r.route(r0);
    // admission found more cached than the router saw: only 488 tokens computed, 512 left charged
    r.onBatchEnd(0, batch(r0, 488));
    assertThat(r.outstanding()).containsExactly(512);
    r.onPrefillEnd(r0);
    assertThat(r.outstanding()).containsExactly(0);
  }

  static Batch batch(Request r, int tokens) {
    Batch b = new Batch();
    b.add(r, tokens);
    return b;
  }

  @Test
  void lopUncachedPrefersTheBestCacheHitOnAnIdleCluster() {
    // P = 1000, hits 0 / 512 / 256: placing on c gives v = uncached_c on c and 0 elsewhere, so
    // imbalance = 1000 / 488 / 744 -> replica 1, which now holds 488 uncached tokens
    Router r = router("lop_uncached", new FakeCluster(3).hit(0, 0, 512, 256));
    Request r0 = req(0, 1000);
    assertThat(r.route(r0)).isEqualTo(1);
    assertThat(r.outstanding()).containsExactly(0, 488, 0);
    r.onPrefillEnd(r0);
    assertThat(r.outstanding()).containsExactly(0, 0, 0);
  }

  @Test
  void lopUncachedBalancesOutstandingUncachedPrefillUnderLoad() {
    FakeCluster c = new FakeCluster(2).hit(0, 0, 600).hit(1, 0, 300).hit(2, 0, 0);
    Router r = router("lop_uncached", c);
    // r0: P 1000, uncached 1000 / 400: imbalance (1000,0) -> 1000, (0,400) -> 400 -> replica 1
    Request r0 = req(0, 1000);
    assertThat(r.route(r0)).isEqualTo(1);
    assertThat(r.outstanding()).containsExactly(0, 400);
    // r1: P 500, uncached 500 / 200: (500,400) -> 100, (0,600) -> 600 -> replica 0 although 1 caches more
    Request r1 = req(1, 500);
    assertThat(r.route(r1)).isEqualTo(0);
    assertThat(r.outstanding()).containsExactly(500, 400);
    // r2: P 300, no hits: (800,400) -> 400, (500,700) -> 200 -> replica 1, the least outstanding
    Request r2 = req(2, 300);
    assertThat(r.route(r2)).isEqualTo(1);
    assertThat(r.outstanding()).containsExactly(500, 700);
    r.onPrefillEnd(r1);
    r.onPrefillEnd(r0);
    assertThat(r.outstanding()).containsExactly(0, 300);
    r.onPrefillEnd(r2);
    assertThat(r.outstanding()).containsExactly(0, 0);
  }

  @Test
  void stickyRoundRobinGivesEachNewSessionTheNextReplica() {
    Router r = router("sticky_round_robin", new FakeCluster(3));
    int[] sessions = {7, 3, 7, 9, 3, 5, 7};
    // new sessions 7, 3, 9, 5 -> replicas 0, 1, 2, 0; repeats keep theirs
    int[] expected = {0, 1, 0, 2, 1, 0, 0};
    for (int i = 0; i < sessions.length; i++) {
      assertThat(r.route(req(i, 100, sessions[i]))).as("request " + i).isEqualTo(expected[i]);
    }
    // a session id far beyond the initial map size
    assertThat(r.route(req(7, 100, 100_000))).isEqualTo(1);
    assertThat(r.route(req(8, 100, 100_000))).isEqualTo(1);
  }

  @Test
  void stickyLorKeepsSessionsAndBindsNewOnesToFewestPending() {
    Router r = router("sticky_lor", new FakeCluster(2));
    Request[] q = {
      req(0, 100, 1), // session 1: tie -> a
      req(1, 100, 2), // session 2: 0 < 1 -> b
      req(2, 100, 1), // session 1 again -> a (2 vs 1)
      req(3, 100, 1), // session 1 again -> a even though a has 2 and b 1 (3 vs 1)
      req(4, 100, 3), // session 3 is new: 1 < 3 -> b
    };
    int a = r.route(q[0]);
    int b = 1 - a;
    int[] expected = {a, b, a, a, b};
    for (int i = 1; i < q.length; i++) {
      assertThat(r.route(q[i])).as("request " + i).isEqualTo(expected[i]);
    }
    assertThat(r.outstanding()[a]).isEqualTo(3);
    assertThat(r.outstanding()[b]).isEqualTo(2);
    for (Request x : q) {
      r.onRequestEnd(x);
    }
    assertThat(r.outstanding()).containsExactly(0, 0);
  }

  @Test
  void stickyLopKeepsSessionsAndBindsNewOnesToLeastOutstandingPrefill() {
    Router r = router("sticky_lop", new FakeCluster(2));
    Request r0 = req(0, 1000, 1); // session 1: tie -> a, a = 1000
    int a = r.route(r0);
    int b = 1 - a;
    Request r1 = req(1, 100, 2); // session 2: 0 < 1000 -> b, b = 100
    Request r2 = req(2, 50, 1); // session 1 -> a although a is busier, a = 1050
    Request r3 = req(3, 10, 3); // new session 3: 100 < 1050 -> b, b = 110
    assertThat(r.route(r1)).isEqualTo(b);
    assertThat(r.route(r2)).isEqualTo(a);
    assertThat(r.route(r3)).isEqualTo(b);
    r.onPrefillEnd(r0); // a = 50
    Request r4 = req(4, 10, 4); // new session 4: 50 < 110 -> a
    assertThat(r.route(r4)).isEqualTo(a);
    Request r5 = req(5, 10, 2); // session 2 stays on b
    assertThat(r.route(r5)).isEqualTo(b);
    assertThat(r.outstanding()[a]).isEqualTo(60);
    assertThat(r.outstanding()[b]).isEqualTo(120);
    for (Request x : new Request[] {r1, r2, r3, r4, r5}) {
      r.onPrefillEnd(x);
    }
    assertThat(r.outstanding()).containsExactly(0, 0);
  }

  @Test
  void stickyRoutersRejectRequestsWithoutSession() {
    for (String name : STICKY) {
      Router r = router(name, new FakeCluster(2));
      assertThatThrownBy(() -> r.route(req(0, 100)))
          .as(name)
          .isInstanceOf(SimulationInputException.class)
          .hasMessageContaining(name)
          .hasMessageContaining("session_id");
    }
  }

  /**
   * Two replicas, session 1 throughout, default tolerance_factor 2.0. The last request's hits on
   * replica 0 are {@code lastHit0}.
   */
  static int[] tolerantScenario(int lastHit0, Map<String, Object> params) {
    FakeCluster c = new FakeCluster(2).hit(0, 0, 200).hit(1, 0, 600).hit(2, lastHit0, 500);
    Router r = router("tolerant_sticky_lop_uncached", c, params);
    int[] got = new int[3];
    // r0: P 1000, uncached 1000 / 800: imbalance 1000 / 800 -> bind to 1; pending (0, 800)
    got[0] = r.route(req(0, 1000, 1));
    // r1: P 1000, uncached 1000 / 400: c0 (1000,800) -> 200, c1 (0,1200) -> 1200. m = 200 and
    // imbalance(1) = 1200 > 2 x 200: switch to 0 and re-bind; pending (1000, 800)
    got[1] = r.route(req(1, 1000, 1));
    // r2: P 1000, uncached (1000 - lastHit0) / 500: c1 (1000,1300) -> 300 = m;
    // c0 (2000 - lastHit0, 800) -> 1200 - lastHit0: kept iff 1200 - lastHit0 <= 600, i.e. lastHit0 >= 600
    got[2] = r.route(req(2, 1000, 1));
    return got;
  }

  @Test
  void tolerantStaysStickyUpToExactlyToleranceTimesBestImbalance() {
    assertThat(tolerantScenario(600, Map.of())).containsExactly(1, 0, 0); // 600 <= 2 x 300: keep
    assertThat(tolerantScenario(599, Map.of())).containsExactly(1, 0, 1); // 601 > 2 x 300: switch
    // a larger tolerance keeps it: 601 <= 2.5 x 300 = 750 (and r1: 1200 > 2.5 x 200 still switches)
    assertThat(tolerantScenario(599, Map.of("tolerance_factor", 2.5))).containsExactly(1, 0, 0);
  }

  @Test
  void tolerantAfterSwitchTheSessionStaysOnItsNewReplica() {
    FakeCluster c = new FakeCluster(2).hit(0, 0, 200).hit(1, 0, 600).hit(2, 600, 500).hit(3, 0, 0);
    Router r = router("tolerant_sticky_lop_uncached", c);
    Request[] q = {req(0, 1000, 1), req(1, 1000, 1), req(2, 1000, 1)};
    for (Request x : q) {
      r.route(x);
    }
    // pending (1400, 800). r3 P 100 no hits: c0 (1500,800) -> 700, c1 (1400,900) -> 500; 700 <= 1000: keep 0
    Request r3 = req(3, 100, 1);
    assertThat(r.route(r3)).isEqualTo(0);
    assertThat(r.outstanding()).containsExactly(1500, 800);
    for (Request x : q) {
      r.onPrefillEnd(x);
    }
    r.onPrefillEnd(r3);
    assertThat(r.outstanding()).containsExactly(0, 0);
  }

  /** Three replicas, session 1 throughout; returns the three choices. */
  static int[] rankedScenario(Map<String, Object> params) {
    FakeCluster c =
        new FakeCluster(3).hit(0, 0, 0, 500).hit(1, 100, 0, 0).hit(2, 900, 400, 0);
    Router r = router("ranked_sticky_lop_uncached", c, params);
    int[] got = new int[3];
    // r0: P 1000, uncached 1000/1000/500: imbalance 1000/1000/500 -> bind to 2; pending (0,0,500)
    got[0] = r.route(req(0, 1000, 1));
    // r1: P 1000, uncached 900/1000/1000: c0 (900,0,500) -> 900, c1 (0,1000,500) -> 1000,
    // c2 (0,0,1500) -> 1500. Bound 2 ranks third: not in the top 1 or 2 -> re-bind to 0; pending (900,0,500)
    got[1] = r.route(req(1, 1000, 1));
    // r2: P 1000, uncached 100/600/1000: c0 (1000,0,500) -> 1000, c1 (900,600,500) -> 400,
    // c2 (900,0,1500) -> 1500. Bound 0 ranks second: kept with top_k 2, not with top_k 1 (-> 1)
    got[2] = r.route(req(2, 1000, 1));
    return got;
  }

  @Test
  void rankedKeepsTheBoundReplicaIffAmongTheTopKLeastImbalanced() {
    assertThat(rankedScenario(Map.of())).containsExactly(2, 0, 0); // default top_k 2
    assertThat(rankedScenario(Map.of("top_k", 1))).containsExactly(2, 0, 1);
    // top_k >= R: pure stickiness after the first request
    assertThat(rankedScenario(Map.of("top_k", 3))).containsExactly(2, 2, 2);
  }

  @Test
  void rankedAndTolerantRejectBadParameters() {
    assertThatThrownBy(() -> router("ranked_sticky_lop_uncached", new FakeCluster(2), Map.of("top_k", 0)))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("top_k");
    assertThatThrownBy(
            () -> router("tolerant_sticky_lop_uncached", new FakeCluster(2), Map.of("tolerance_factor", -1.0)))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("tolerance_factor");
  }

  @Test
  void imbalanceShortcutMatchesTheDirectDefinition() {
    // Outstanding computes every imbalance in O(R) from the two largest and smallest counters;
    // compare with max(v) - min(v) built per candidate, on random counters with many ties.
    SplittableRandom rnd = new SplittableRandom(3);
    for (int round = 0; round < 500; round++) {
      int n = 1 + rnd.nextInt(6);
      FakeCluster c = new FakeCluster(n);
      Outstanding o = new Outstanding(c);
      long[] pending = new long[n];
      for (int id = 0; id < 10; id++) {
        int rep = rnd.nextInt(n);
        int amount = 1 + rnd.nextInt(4) * 100;
        o.add(req(id, amount), rep, amount);
        pending[rep] += amount;
      }
      int[] hits = new int[n];
      for (int i = 0; i < n; i++) {
        hits[i] = rnd.nextInt(5) * 100;
      }
      c.hit(10, hits);
      o.probeUncached(req(10, 500));
      long best = o.computeImbalances();
      long expectedBest = Long.MAX_VALUE;
      for (int cand = 0; cand < n; cand++) {
        long max = Long.MIN_VALUE;
        long min = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
          long v = pending[i] + (i == cand ? 500 - hits[i] : 0);
          max = Math.max(max, v);
          min = Math.min(min, v);
        }
        assertThat(o.imbalance(cand)).isEqualTo(max - min);
        expectedBest = Math.min(expectedBest, max - min);
      }
      assertThat(best).isEqualTo(expectedBest);
    }
  }
}
