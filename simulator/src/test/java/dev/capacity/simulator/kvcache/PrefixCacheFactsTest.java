package dev.capacity.simulator.kvcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.capacity.simulator.SimulationConfig;
import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.engine.SimulationOutcome;
import dev.capacity.simulator.workload.Trace;
import dev.capacity.simulator.workload.TraceReader;
import dev.capacity.simulator.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;

/** Prefix-cache facts on the bundled Mooncake traces (design §5, issue 3). */
class PrefixCacheFactsTest {
  /**
   * Requests in file order through one cache that never evicts: the share of prompt tokens served from
   * cache. The Mooncake paper reports about 40 % (conversation) and 66 % (synthetic) at 512-token
   * granularity; at 16-token granularity with one prompt token always computed we get 37.36 % and
   * 65.12 %, in line with the share of 512-token block references seen earlier in each file (36.6 %
   * and 64.0 %); the paper's 40 % for the conversation trace is a little higher than what its
   * published hash ids allow.
   */
  static double unboundedHitRatio(String resource) {
    Trace t = TraceReader.readResource(resource);
    int blocks = 0;
    for (int i = 0; i < t.size(); i++) {
      blocks += t.numBlocks(i) + 4;
    }
    KvCacheManager kv = new KvCacheManager(blocks, 16, true, 0, t.blockHashes(), t.size());
    long prompt = 0;
    long hit = 0;
    for (int i = 0; i < t.size(); i++) {
      int p = t.prefillTokens()[i];
      int start = t.hashOffsets()[i];
      int count = t.numBlocks(i);
      int hits = kv.lookupHits(start, count, (p - 1) / 16);
      assertThat(kv.allocate(i, 0, p + t.decodeTokens()[i] - hits * 16, hits, start, count)).isTrue();
      prompt += p;
      hit += hits * 16L;
    }
    return (double) hit / prompt;
  }

  @Test
  void unboundedCacheHitRatiosMatchThePaper() {
    assertThat(unboundedHitRatio("traces/mooncake/conversation_trace.jsonl")).isCloseTo(0.3736, within(0.0005));
    assertThat(unboundedHitRatio("traces/mooncake/synthetic_trace.jsonl")).isCloseTo(0.6512, within(0.0005));
  }

  private static SimulationOutcome conversation(String router, int replicas, double qps, String device, int tp) {
    return Simulator.withDefaults().run(conversationConfig(router, replicas, qps, device, tp).build());
  }

  private static SimulationConfig.Builder conversationConfig(
      String router, int replicas, double qps, String device, int tp) {
    return SimulationConfig.builder()
                .model("meta-llama/Meta-Llama-3-8B")
                .device(device)
                .networkDevice(device + "_dgx")
                .tensorParallel(tp)
                .numReplicas(replicas)
                .router(router)
                .prefixCaching(true)
                .trace("classpath:traces/mooncake/conversation_trace.jsonl")
                .workload(WorkloadSpec.poisson(qps, 0, 131072, 42));
  }

  @Test
  void cacheAwareStickyRouterServesMoreFromCacheThanRoundRobin() {
    // 8 H100 replicas at 4 QPS: round_robin 8.94 M cached prompt tokens of 144.8 M;
    // tolerant_sticky_lop_uncached 13.06 M (+46 %; +55 % with GPU kernel time only, before the engine's
    // per-step overhead made the replicas busier and the sticky router spill more often)
    SimulationOutcome rr = conversation("round_robin", 8, 4.0, "h100", 1);
    SimulationOutcome sticky = conversation("tolerant_sticky_lop_uncached", 8, 4.0, "h100", 1);
    assertThat(rr.metrics().numUnfinished()).isZero();
    assertThat(sticky.metrics().numUnfinished()).isZero();
    assertThat(sticky.cachedPromptTokens()).isGreaterThan(rr.cachedPromptTokens() * 7 / 5);
  }

  @Test
  void preemptionsOnTheFullConversationTraceNeverLeaveNegativeUncachedWork() {
    // Llama-3-8B on two A100s with 60 % of memory held back (8,5xx KV blocks, room for the longest
    // request) at 1 QPS: blocks run out, requests are preempted and recomputed while later turns of their
    // sessions have cached blocks past the shrunk prompt (the reference's H4 crash). The run must finish
    // every request and leave the LOP counters at zero.
    SimulationOutcome out =
        Simulator.withDefaults()
            .run(conversationConfig("lop_uncached", 2, 1.0, "a100", 1)
                .memoryMarginFraction(0.6)
                .workload(WorkloadSpec.poisson(1.0, 3000, 131072, 42))
                .build());
    long restarts = 0;
    for (int id : out.metrics().completedIds()) {
      restarts += (long) out.metrics().value(dev.capacity.simulator.metrics.RequestMetric.REQUEST_NUM_RESTARTS, id);
    }
    assertThat(restarts).isPositive();
    assertThat(out.metrics().numUnfinished()).isZero();
    assertThat(out.routerOutstanding()).containsOnly(0L);
  }
}
