package dev.capacity.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.capacity.simulator.hardware.Catalog;
import dev.capacity.simulator.hardware.ModelSpec;
import dev.capacity.simulator.metrics.MetricsStore;
import dev.capacity.simulator.metrics.RequestMetric;
import dev.capacity.simulator.routing.Routers;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Disaggregated prefill and decode on the hand-checkable timing of {@link TestSetups} (an iteration costs
 * 10 ms + 0.1 ms per token, vllm_v1, chunk 512, 16-token blocks, 64 preallocated tokens).
 */
class DisaggregatedSimulationTest {
  /** Llama-3-8B: 32 layers x 8 KV heads x 128 dims x K and V x 2 bytes = 128 KiB per token. */
  static final double LLAMA3_8B_KV_BYTES = 131072;

  static DisaggregatedSetup layout(int p, int d, int prefillBlocks, int decodeBlocks, double bytesPerSecond,
      double latency) {
    return new DisaggregatedSetup(p, d, prefillBlocks, decodeBlocks, TestSetups.LINEAR, TestSetups.LINEAR,
        Routers.builtIn().get("round_robin"), Map.of(), Routers.builtIn().get("lor"), Map.of(),
        LLAMA3_8B_KV_BYTES, bytesPerSecond, latency);
  }

  static SimulationOutcome run(RequestArrays requests, DisaggregatedSetup d) {
    return new Simulation(TestSetups.setup(requests, "vllm_v1", 1, 1000, 512).withDisaggregation(d)).run();
  }

  @Test
  void llama3KvCacheIs128KibPerToken() {
    ModelSpec m = Catalog.model("meta-llama/Meta-Llama-3-8B");
    assertThat(m.kvBytesPerTokenPerLayer(1) * m.numLayers()).isEqualTo((long) LLAMA3_8B_KV_BYTES);
  }

  @Test
  void kvTransferTimingByHand() {
    // P = 1000, D = 3 on 1P1D, link 10 GB/s and 0.1 ms.
    // Prefill replica: chunks of 512 and 488 tokens, 61.2 + 58.8 ms: the first token at 0.12 s (TTFT).
    // Transfer: 0.1 ms + 1000 x 131072 B / 1e10 B/s = 13.2072 ms, so the KV cache lands at 0.1332072 s.
    // Decode replica: D - 1 = 2 one-token iterations of 10.1 ms: E2E = 0.1534072 s.
    RequestArrays one = TestSetups.requests(new double[] {0.0}, new int[] {1000}, new int[] {3});
    Simulation sim = new Simulation(
        TestSetups.setup(one, "vllm_v1", 1, 1000, 512).withDisaggregation(layout(1, 1, 1000, 1000, 10e9, 1e-4)));
    SimulationOutcome out = sim.run();
    MetricsStore m = out.metrics();
    double ttft = 0.0612 + 0.0588;
    double transfer = 1e-4 + 1000 * LLAMA3_8B_KV_BYTES / 10e9;
    assertThat(transfer).isCloseTo(0.0132072, within(1e-15));
    double decode = 0.010 + 0.0001;
    assertThat(m.numCompleted()).isEqualTo(1);
    assertThat(m.value(RequestMetric.PREFILL_E2E_TIME, 0)).isCloseTo(ttft, within(1e-12));
    assertThat(m.kvTransferTime(0)).isCloseTo(transfer, within(1e-12));
    assertThat(m.decodeAdmissionWait(0)).isZero();
    Request r = sim.request(0);
    assertThat(r.transferStartedAt()).isCloseTo(ttft, within(1e-12));
    assertThat(r.transferEndedAt()).isCloseTo(ttft + transfer, within(1e-12));
    assertThat(m.value(RequestMetric.REQUEST_E2E_TIME, 0)).isCloseTo(ttft + transfer + 2 * decode, within(1e-12));
    assertThat(m.value(RequestMetric.DECODE_TIME_EXECUTION_PLUS_PREEMPTION_NORMALIZED, 0))
        .isCloseTo((transfer + 2 * decode) / 3, within(1e-12));
    // the transfer gap is neither preemption nor execution
    assertThat(m.value(RequestMetric.REQUEST_PREEMPTION_TIME, 0)).isZero();
    assertThat(m.value(RequestMetric.REQUEST_MODEL_EXECUTION_TIME, 0)).isCloseTo(ttft + 2 * decode, within(1e-12));
    assertThat(m.prefillReplica(0)).isZero();
    assertThat(m.replica(0)).isEqualTo(1); // the decode replica, after the prefill pool's one
    SimulationOutcome.ReplicaStats[] reps = out.replicas();
    assertThat(reps[0].numTokens()).isEqualTo(1000);
    assertThat(reps[1].numTokens()).isEqualTo(2);
    // the prefill replica held 32 + 4 preallocated blocks for the first chunk, then the prompt's 63 + 4
    // until the transfer ended
    assertThat(reps[0].maxKvUsage()).isCloseTo((63 + 4) / 1000.0, within(1e-12));
    assertThat(reps[0].meanKvUsage() * out.endTime() * 1000)
        .isCloseTo(36 * 0.0612 + 67 * (0.0588 + transfer), within(1e-9));
    assertThat(out.routerOutstanding()).containsOnly(0L);
  }

  @Test
  void decodeAdmissionWaitsForFreeKvBlocks() {
    // Two requests of P = 600, D = 20 on 2P1D: both prompts end at 0.08 s (61.2 + 18.8 ms) on their own
    // prefill replicas. On the decode replica (70 blocks) each needs ceil(601 / 16) = 38 blocks (and takes
    // 4 more preallocated if free): only one fits. Request 0 (its prefill replica's event first) takes its blocks,
    // transfers in 1 ms and decodes 19 iterations of 10.1 ms, completing at 0.2729 s; only then does
    // request 1 get its blocks.
    RequestArrays two = TestSetups.requests(new double[] {0, 0}, new int[] {600, 600}, new int[] {20, 20});
    SimulationOutcome out = run(two, layout(2, 1, 1000, 70, Double.POSITIVE_INFINITY, 0.001));
    MetricsStore m = out.metrics();
    assertThat(m.numCompleted()).isEqualTo(2);
    double ttft = 0.0612 + 0.0188;
    double done0 = ttft + 0.001 + 19 * 0.0101;
    assertThat(m.value(RequestMetric.PREFILL_E2E_TIME, 0)).isCloseTo(ttft, within(1e-12));
    assertThat(m.value(RequestMetric.PREFILL_E2E_TIME, 1)).isCloseTo(ttft, within(1e-12));
    assertThat(m.decodeAdmissionWait(0)).isZero();
    assertThat(m.value(RequestMetric.REQUEST_E2E_TIME, 0)).isCloseTo(done0, within(1e-12));
    assertThat(m.decodeAdmissionWait(1)).isCloseTo(done0 - ttft, within(1e-12));
    assertThat(m.kvTransferTime(1)).isCloseTo(0.001, within(1e-15));
    assertThat(m.value(RequestMetric.REQUEST_E2E_TIME, 1)).isCloseTo(done0 + 0.001 + 19 * 0.0101, within(1e-12));
    assertThat(m.value(RequestMetric.REQUEST_NUM_RESTARTS, 1)).isZero();
    assertThat(out.replicas()[2].maxKvUsage()).isLessThanOrEqualTo(1.0);
  }

  @Test
  void oneP1dWithAnInstantLinkMatchesColocatedForRequestsAlone() {
    // Requests far apart: each one alone. With a free, instant link its decode starts the moment its
    // first token is out, on an identical replica: TTFT and E2E are exactly the colocated ones.
    int n = 20;
    double[] arr = new double[n];
    int[] p = new int[n];
    int[] d = new int[n];
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < n; i++) {
      arr[i] = i * 10.0;
      p[i] = 1 + rnd.nextInt(3000);
      d[i] = 1 + rnd.nextInt(300);
    }
    RequestArrays reqs = TestSetups.requests(arr, p, d);
    MetricsStore colocated = new Simulation(TestSetups.setup(reqs, "vllm_v1", 1, 1000, 512)).run().metrics();
    MetricsStore disagg = run(reqs, layout(1, 1, 1000, 1000, Double.POSITIVE_INFINITY, 0)).metrics();
    assertThat(disagg.numCompleted()).isEqualTo(n);
    for (int i = 0; i < n; i++) {
      assertThat(disagg.value(RequestMetric.PREFILL_E2E_TIME, i))
          .isCloseTo(colocated.value(RequestMetric.PREFILL_E2E_TIME, i), within(1e-9));
      assertThat(disagg.value(RequestMetric.REQUEST_E2E_TIME, i))
          .isCloseTo(colocated.value(RequestMetric.REQUEST_E2E_TIME, i), within(1e-9));
    }
  }

  @Test
  void underLoadPrefillsNoLongerWaitBehindDecodes() {
    // 1P1D against one colocated replica at a load where prompts and decodes overlap: with the same
    // replicas (twice the GPUs disaggregated) and an instant link, TTFT is no worse, and every request ends.
    int n = 300;
    double[] arr = new double[n];
    int[] p = new int[n];
    int[] d = new int[n];
    SplittableRandom rnd = new SplittableRandom(11);
    double t = 0;
    for (int i = 0; i < n; i++) {
      t += -Math.log(1 - rnd.nextDouble()) / 2.0; // 2 requests/s
      arr[i] = t;
      p[i] = 100 + rnd.nextInt(2000);
      d[i] = 20 + rnd.nextInt(200);
    }
    RequestArrays reqs = TestSetups.requests(arr, p, d);
    MetricsStore colocated = new Simulation(TestSetups.setup(reqs, "vllm_v1", 1, 2000, 512)).run().metrics();
    MetricsStore disagg = run(reqs, layout(1, 1, 2000, 2000, Double.POSITIVE_INFINITY, 0)).metrics();
    assertThat(disagg.numCompleted()).isEqualTo(n);
    double[] tc = colocated.completed(RequestMetric.PREFILL_E2E_TIME);
    double[] td = disagg.completed(RequestMetric.PREFILL_E2E_TIME);
    for (int i = 0; i < n; i++) {
      assertThat(td[i]).isLessThanOrEqualTo(tc[i] + 1e-9);
    }
  }

  @Test
  void decodeSchedulerMustTakePrefilledRequests() {
    RequestArrays one = TestSetups.requests(new double[] {0.0}, new int[] {100}, new int[] {3});
    assertThatThrownBy(() -> new Simulation(
        TestSetups.setup(one, "orca", 1, 1000, 512).withDisaggregation(layout(1, 1, 1000, 1000, 1e10, 0))))
        .hasMessageContaining("orca");
  }

  /**
   * By hand, 1P1D over 10 GB/s + 0.1 ms with prefix caching (8 blocks per replica, no preallocation): A
   * (64 tokens, hashes 100-103) sends its whole prompt, 0.1 ms + 64 x 128 KiB / 10 GB/s, and its 4 blocks
   * stay cached on the decode replica after it finishes. B (80 tokens: 100-103 then 300) finds them there
   * (capped at (80 - 1) / 16 = 4 blocks), so only its last 16 tokens move: 0.1 ms + 16 x 128 KiB / 10 GB/s.
   */
  @Test
  void theDecodeReplicasPrefixCacheShortensTheTransferByHand() {
    RequestArrays r = KvTierSimulationTest.requests(new double[] {0, 1}, new int[] {64, 80},
        new long[][] {{100, 101, 102, 103}, {100, 101, 102, 103, 300}});
    int[] decode = r.decodeTokens();
    decode[0] = 3;
    decode[1] = 3;
    SimulationOutcome out = new Simulation(KvTierSimulationTest.setup(r, 1, null)
        .withDisaggregation(layout(1, 1, 8, 8, 10e9, 1e-4))).run();
    MetricsStore m = out.metrics();
    assertThat(m.numCompleted()).isEqualTo(2);
    assertThat(m.kvTransferTime(0)).isCloseTo(1e-4 + 64 * LLAMA3_8B_KV_BYTES / 10e9, within(1e-15));
    assertThat(m.kvTransferTime(1)).isCloseTo(1e-4 + 16 * LLAMA3_8B_KV_BYTES / 10e9, within(1e-15));
    // B's prompt hit A's blocks on the prefill replica too: it computed 16 tokens there
    assertThat(m.value(RequestMetric.REQUEST_NUM_PREFILL_TOKENS_CACHED, 1)).isEqualTo(64);
  }
}
