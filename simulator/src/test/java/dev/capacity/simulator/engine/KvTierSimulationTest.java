package dev.capacity.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.capacity.simulator.batching.ReplicaSchedulers;
import dev.capacity.simulator.metrics.MetricsStore;
import dev.capacity.simulator.metrics.MetricsWriter;
import dev.capacity.simulator.metrics.RequestMetric;
import dev.capacity.simulator.routing.Routers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * KV-cache tiers in the engine, on the hand-checkable timing of {@link TestSetups} (an iteration costs
 * 10 ms + 0.1 ms per token; vllm_v1, chunk 512, 16-token blocks, here without preallocation). Every request
 * has one output token, so it completes with its prefill iteration and its E2E is that iteration.
 */
class KvTierSimulationTest {
  /** Replicas of 8 KV blocks with prefix caching, round robin. */
  static SimulationSetup setup(RequestArrays requests, int replicas, KvTierSetup tiers) {
    return new SimulationSetup(requests, replicas, 1, 8, 16, true, 0, ReplicaSchedulers.builtIn().get("vllm_v1"),
        512, 128, 4096, 0.01, "fcfs", 0, Routers.builtIn().get("round_robin"), Map.of(), 42, TestSetups.LINEAR, 0)
        .withKvTiers(tiers);
  }

  static RequestArrays requests(double[] arrivals, int[] prompts, long[][] chains) {
    int n = arrivals.length;
    int total = 0;
    for (long[] c : chains) {
      total += c.length;
    }
    long[] hashes = new long[total];
    int[] start = new int[n];
    int[] count = new int[n];
    int at = 0;
    for (int i = 0; i < n; i++) {
      start[i] = at;
      count[i] = chains[i].length;
      System.arraycopy(chains[i], 0, hashes, at, chains[i].length);
      at += chains[i].length;
    }
    int[] decode = new int[n];
    java.util.Arrays.fill(decode, 1);
    return new RequestArrays(arrivals, prompts, decode, hashes, start, count, null);
  }

  /**
   * One replica. A (64 tokens, hashes 100-103) is cached; B (127 tokens, 200-206) needs all 8 blocks and
   * evicts A's, which go to CPU memory. C (80 tokens: 100-103 then 300) finds 4 blocks there, the hit's cap
   * being (80 - 1) / 16 = 4: it computes 16 tokens (11.6 ms) after loading 4 blocks at 0.5 ms each (2 ms):
   * E2E 13.6 ms, against 18 ms computing all 80 tokens without the tier.
   */
  @Test
  void aCpuTierHitCostsItsLoadInsteadOfRecomputingByHand() {
    RequestArrays r = requests(new double[] {0, 1, 2}, new int[] {64, 127, 80},
        new long[][] {{100, 101, 102, 103}, {200, 201, 202, 203, 204, 205, 206}, {100, 101, 102, 103, 300}});
    SimulationOutcome tiered = new Simulation(setup(r, 1, new KvTierSetup(16, 0.0005, 0.0005, 0, 0, 0, 0))).run();
    SimulationOutcome gpuOnly = new Simulation(setup(r, 1, null)).run();
    MetricsStore m = tiered.metrics();
    assertThat(m.numCompleted()).isEqualTo(3);
    assertThat(m.value(RequestMetric.REQUEST_E2E_TIME, 2)).isCloseTo(0.0116 + 0.002, within(1e-12));
    assertThat(m.value(RequestMetric.REQUEST_NUM_PREFILL_TOKENS_CACHED, 2)).isEqualTo(64);
    assertThat(gpuOnly.metrics().value(RequestMetric.REQUEST_E2E_TIME, 2)).isCloseTo(0.018, within(1e-12));
    assertThat(gpuOnly.metrics().value(RequestMetric.REQUEST_NUM_PREFILL_TOKENS_CACHED, 2)).isZero();
    SimulationOutcome.ReplicaStats s = tiered.replicas()[0];
    assertThat(s.cachedPromptTokens()).isEqualTo(64);
    assertThat(s.cpuHitTokens()).isEqualTo(64);
    assertThat(s.gpuHitTokens()).isZero();
    assertThat(s.busySeconds()).isCloseTo(0.0164 + 0.0227 + 0.0136, within(1e-12));
    // the outputs give the hit ratio by tier: 64 of 271 prompt tokens from CPU memory
    Map<String, Object> summary = MetricsWriter.summary(tiered);
    @SuppressWarnings("unchecked")
    Map<String, Object> byTier = (Map<String, Object>) summary.get("prefix_cache_hit_ratio_by_tier");
    assertThat((double) byTier.get("cpu")).isCloseTo(64.0 / 271, within(1e-15));
    assertThat((double) byTier.get("gpu")).isZero();
    assertThat(MetricsWriter.summary(gpuOnly)).doesNotContainKey("prefix_cache_hit_ratio_by_tier");
  }

  /**
   * Two replicas sharing a pool (no CPU tier), round robin: A (100-103) on replica 0, B on 1, then C
   * (127 tokens, all 8 blocks) on 0 evicts A's blocks into the pool, and D (80 tokens, 100-103 then 300) on replica 1
   * loads them from there: 4 blocks at 1 ms plus 0.2 ms latency, then 16 tokens: E2E 15.8 ms.
   */
  @Test
  void aSharedPoolServesAnotherReplicasBlocksByHand() {
    RequestArrays r = requests(new double[] {0, 1, 2, 3}, new int[] {64, 64, 127, 80},
        new long[][] {{100, 101, 102, 103}, {500, 501, 502, 503}, {200, 201, 202, 203, 204, 205, 206},
            {100, 101, 102, 103, 300}});
    Simulation sim = new Simulation(setup(r, 2, new KvTierSetup(0, 0, 0, 64, 0.001, 0.001, 0.0002)));
    SimulationOutcome out = sim.run();
    MetricsStore m = out.metrics();
    assertThat(m.replica(3)).isEqualTo(1);
    assertThat(m.value(RequestMetric.REQUEST_E2E_TIME, 3)).isCloseTo(0.0116 + 0.004 + 0.0002, within(1e-12));
    assertThat(out.replicas()[1].poolHitTokens()).isEqualTo(64);
    assertThat(out.replicas()[0].poolHitTokens()).isZero();
    // routers count lower-tier hits as cached: replica 0's GPU memory lost D's prefix, the pool has it
    assertThat(sim.cachedPrefillTokens(0, sim.request(3))).isEqualTo(64);
  }
}
