package dev.capacity.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.capacity.simulator.metrics.MetricsStore;
import dev.capacity.simulator.metrics.RequestMetric;
import dev.capacity.simulator.routing.Routers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A KV transfer sent layer by layer as the prefill computes it, on the hand-checkable timing of
 * {@link TestSetups} (an iteration costs 10 ms + 0.1 ms per token, vllm_v1, chunk 512): Llama-3-8B's 32
 * layers and 128 KiB per token. Visible transfer = latency + max(T / 32, T - C x 31 / 32), T the whole
 * prompt's cache over the link, C the prompt's batch times on its prefill replica.
 */
class LayerwiseTransferTest {
  static final double KV = DisaggregatedSimulationTest.LLAMA3_8B_KV_BYTES;

  static DisaggregatedSetup layout(int p, int decodeBlocks, double bytesPerSecond, double latency,
      boolean layerwise) {
    return new DisaggregatedSetup(p, 1, 1000, decodeBlocks, TestSetups.LINEAR, TestSetups.LINEAR,
        Routers.builtIn().get("round_robin"), Map.of(), Routers.builtIn().get("lor"), Map.of(), KV,
        bytesPerSecond, latency, 32, layerwise);
  }

  static SimulationOutcome run(RequestArrays requests, DisaggregatedSetup d) {
    return new Simulation(TestSetups.setup(requests, "vllm_v1", 1, 1000, 512).withDisaggregation(d)).run();
  }

  @Test
  void aFastLinkHidesAllButTheLastLayer() {
    // P = 1000, D = 3 on 1P1D, link 10 GB/s and 0.1 ms (as DisaggregatedSimulationTest.kvTransferTimingByHand).
    // Prefill: chunks of 512 and 488 tokens, 61.2 + 58.8 ms: C = 0.12 s, the first token at 0.12 s.
    // T = 1000 x 131072 B / 1e10 B/s = 13.1072 ms; C x 31/32 = 116.25 ms hides all of it but the last
    // layer's T / 32 = 0.4096 ms: the transfer is 0.1 + 0.4096 = 0.5096 ms (13.2072 ms after the prefill).
    RequestArrays one = TestSetups.requests(new double[] {0.0}, new int[] {1000}, new int[] {3});
    Simulation sim = new Simulation(TestSetups.setup(one, "vllm_v1", 1, 1000, 512)
        .withDisaggregation(layout(1, 1000, 10e9, 1e-4, true)));
    MetricsStore m = sim.run().metrics();
    double ttft = 0.12;
    double transfer = 1e-4 + 1000 * KV / 10e9 / 32;
    assertThat(transfer).isCloseTo(0.0005096, within(1e-15));
    assertThat(m.kvTransferTime(0)).isCloseTo(transfer, within(1e-12));
    assertThat(sim.request(0).transferEndedAt()).isCloseTo(ttft + transfer, within(1e-12));
    assertThat(m.value(RequestMetric.REQUEST_E2E_TIME, 0)).isCloseTo(ttft + transfer + 2 * 0.0101, within(1e-12));
    // after the prefill, the same request pays the whole 13.2072 ms
    MetricsStore after = run(one, layout(1, 1000, 10e9, 1e-4, false)).metrics();
    assertThat(after.kvTransferTime(0)).isCloseTo(0.0132072, within(1e-12));
  }

  @Test
  void aSlowLinkHidesTheComputedLayersOfEveryChunk() {
    // Two prompts of 1000 tokens at t = 0 on one prefill replica, D = 2, link 1 GB/s, no latency:
    // T = 1000 x 131072 / 1e9 = 131.072 ms each, T / 32 = 4.096 ms.
    // Batch 1 [0, 61.2 ms]: request 0's 512 tokens (the budget). Batch 2 [61.2, 122.4 ms]: its last 488
    // and request 1's first 24 (512 tokens, 61.2 ms). Request 0 is out at 0.1224 s with C = 122.4 ms:
    // T - C x 31/32 = 131.072 - 118.575 = 12.497 ms > 4.096: its KV cache lands at 0.134897 s, and one
    // decode iteration (10.1 ms) ends it at 0.144997 s.
    // Batch 3 [122.4, 183.6 ms]: request 1's next 512; batch 4 [183.6, 240 ms]: its last 464 (56.4 ms).
    // Its C counts the three batches it was in, whole (the layers of a batch are computed in turn for all
    // its requests): 61.2 + 61.2 + 56.4 = 178.8 ms, x 31/32 = 173.2125 ms > T: only its last layer shows,
    // 4.096 ms, landing at 0.244096 s; done at 0.254196 s.
    RequestArrays two = TestSetups.requests(new double[] {0, 0}, new int[] {1000, 1000}, new int[] {2, 2});
    MetricsStore m = run(two, layout(1, 1000, 1e9, 0, true)).metrics();
    double t = 1000 * KV / 1e9;
    assertThat(t).isCloseTo(0.131072, within(1e-15));
    assertThat(m.value(RequestMetric.PREFILL_E2E_TIME, 0)).isCloseTo(0.1224, within(1e-12));
    assertThat(m.kvTransferTime(0)).isCloseTo(t - 0.1224 * 31 / 32, within(1e-12));
    assertThat(m.kvTransferTime(0)).isCloseTo(0.012497, within(1e-12));
    assertThat(m.value(RequestMetric.REQUEST_E2E_TIME, 0)).isCloseTo(0.144997, within(1e-12));
    assertThat(m.value(RequestMetric.PREFILL_E2E_TIME, 1)).isCloseTo(0.24, within(1e-12));
    assertThat(m.kvTransferTime(1)).isCloseTo(t / 32, within(1e-12));
    assertThat(m.value(RequestMetric.REQUEST_E2E_TIME, 1)).isCloseTo(0.254196, within(1e-12));
  }

  @Test
  void aRequestThatWaitedForDecodeBlocksSendsItsWholeCacheAfterwards() {
    // As DisaggregatedSimulationTest.decodeAdmissionWaitsForFreeKvBlocks, on a 1 GB/s, 1 ms link: two
    // prompts of 600 on 2P1D, both out at 0.08 s (61.2 + 18.8 ms: C = 0.08 s); the decode replica's 70
    // blocks hold one. T = 600 x 131072 / 1e9 = 78.6432 ms; T - C x 31/32 = 1.1432 ms < T / 32 = 2.4576 ms.
    // Request 0 takes its blocks at once: 1 + 2.4576 ms, then 19 iterations of 10.1 ms: done at 0.2753576 s.
    // Request 1 gets its blocks then, after the prefill had ended: nothing was streamed, it sends the
    // whole 1 + 78.6432 ms.
    RequestArrays two = TestSetups.requests(new double[] {0, 0}, new int[] {600, 600}, new int[] {20, 20});
    MetricsStore m = run(two, layout(2, 70, 1e9, 0.001, true)).metrics();
    double t = 600 * KV / 1e9;
    double done0 = 0.08 + 0.001 + t / 32 + 19 * 0.0101;
    assertThat(done0).isCloseTo(0.2753576, within(1e-12));
    assertThat(m.kvTransferTime(0)).isCloseTo(0.0034576, within(1e-12));
    assertThat(m.value(RequestMetric.REQUEST_E2E_TIME, 0)).isCloseTo(done0, within(1e-12));
    assertThat(m.decodeAdmissionWait(1)).isCloseTo(done0 - 0.08, within(1e-12));
    assertThat(m.kvTransferTime(1)).isCloseTo(0.001 + t, within(1e-12));
    assertThat(m.value(RequestMetric.REQUEST_E2E_TIME, 1)).isCloseTo(done0 + 0.001 + t + 19 * 0.0101, within(1e-12));
  }

  @Test
  void theFormula() {
    DisaggregatedSetup d = layout(1, 1000, 1e9, 0.002, true);
    double t = 100 * KV / 1e9; // 13.1072 ms
    assertThat(d.transferSeconds(100, 0)).isCloseTo(0.002 + t, within(1e-15)); // nothing computed: all of it
    assertThat(d.transferSeconds(100, 0.0064)).isCloseTo(0.002 + t - 0.0062, within(1e-15));
    assertThat(d.transferSeconds(100, 1.0)).isCloseTo(0.002 + t / 32, within(1e-15));
    assertThat(layout(1, 1000, 1e9, 0.002, false).transferSeconds(100, 1.0)).isEqualTo(d.transferSeconds(100));
    assertThat(layout(1, 1000, Double.POSITIVE_INFINITY, 0.002, true).transferSeconds(100, 0)).isEqualTo(0.002);
  }
}
