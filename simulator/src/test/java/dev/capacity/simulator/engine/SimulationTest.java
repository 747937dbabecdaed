package dev.capacity.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.capacity.simulator.metrics.MetricsStore;
import dev.capacity.simulator.metrics.RequestMetric;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulationTest {

  @Test
  void oneRequestOnIdleReplicaTakesItsPrefillAndDecodeIterations() {
    // P = 1000, D = 5, chunk 512: prefill chunks of 512 and 488 tokens, then D - 1 = 4 one-token decodes
    // (the prefill pass yields the first output token). Iteration = 10 ms + 0.1 ms/token.
    RequestArrays one = TestSetups.requests(new double[] {1.0}, new int[] {1000}, new int[] {5});
    SimulationOutcome out = new Simulation(TestSetups.setup(one, "vllm_v1", 1, 1000, 512)).run();
    MetricsStore m = out.metrics();
    double chunk1 = 0.010 + 0.0512;
    double chunk2 = 0.010 + 0.0488;
    double decode = 0.010 + 0.0001;
    assertThat(m.value(RequestMetric.PREFILL_E2E_TIME, 0)).isCloseTo(chunk1 + chunk2, within(1e-12));
    assertThat(m.value(RequestMetric.DECODE_TIME_EXECUTION_PLUS_PREEMPTION_NORMALIZED, 0))
        .isCloseTo(4 * decode / 5, within(1e-12));
    assertThat(m.value(RequestMetric.REQUEST_E2E_TIME, 0)).isCloseTo(chunk1 + chunk2 + 4 * decode, within(1e-12));
    assertThat(m.value(RequestMetric.REQUEST_SCHEDULING_DELAY, 0)).isZero();
    assertThat(m.value(RequestMetric.REQUEST_PREEMPTION_TIME, 0)).isZero();
    assertThat(out.endTime()).isCloseTo(1.0 + chunk1 + chunk2 + 4 * decode, within(1e-12));
    assertThat(m.numUnfinished()).isZero();
  }

  @Test
  void sarathiGivesTheSameSingleRequestTimeline() {
    RequestArrays one = TestSetups.requests(new double[] {0.0}, new int[] {1000}, new int[] {5});
    SimulationOutcome out = new Simulation(TestSetups.setup(one, "sarathi", 1, 1000, 512)).run();
    assertThat(out.metrics().value(RequestMetric.PREFILL_E2E_TIME, 0)).isCloseTo(0.020 + 0.1, within(1e-12));
  }

  @Test
  void preemptsByRecomputeWhenKvBlocksRunOut() {
    // 12 blocks of 16 tokens = 192 token slots. Two requests of P = 48, D = 80 (128 tokens = 8 blocks each)
    // cannot both hold their KV at the end: the later-admitted one is preempted and recomputed.
    RequestArrays two = TestSetups.requests(new double[] {0, 0}, new int[] {48, 48}, new int[] {80, 80});
    SimulationOutcome out = new Simulation(TestSetups.setup(two, "vllm_v1", 1, 12, 512)).run();
    MetricsStore m = out.metrics();
    assertThat(m.numCompleted()).isEqualTo(2);
    assertThat(m.value(RequestMetric.REQUEST_NUM_RESTARTS, 0) + m.value(RequestMetric.REQUEST_NUM_RESTARTS, 1))
        .isGreaterThanOrEqualTo(1);
    // LIFO victim: request 1 was admitted last
    assertThat(m.value(RequestMetric.REQUEST_NUM_RESTARTS, 1)).isGreaterThanOrEqualTo(1);
    assertThat(m.value(RequestMetric.REQUEST_PREEMPTION_TIME, 1)).isPositive();
  }

  @Test
  void everyTokenOfEveryFinishedRequestIsProcessedExactlyOnce() {
    SplittableRandom rnd = new SplittableRandom(7);
    int n = 400;
    double[] arr = new double[n];
    int[] p = new int[n];
    int[] d = new int[n];
    double t = 0;
    for (int i = 0; i < n; i++) {
      t += rnd.nextDouble() * 0.05;
      arr[i] = t;
      p[i] = 1 + rnd.nextInt(3000);
      d[i] = 1 + rnd.nextInt(300);
    }
    RequestArrays reqs = TestSetups.requests(arr, p, d);
    for (String scheduler : new String[] {"vllm_v1", "sarathi"}) {
      Simulation sim = new Simulation(TestSetups.setup(reqs, scheduler, 4, 100_000, 512));
      SimulationOutcome out = sim.run();
      assertThat(out.metrics().numCompleted()).as(scheduler).isEqualTo(n);
      long total = 0;
      for (int i = 0; i < n; i++) {
        Request r = sim.request(i);
        assertThat(r.restarts()).isZero();
        // the prefill pass produces the first output token, so P + D - 1 tokens go through the model
        assertThat(r.tokensComputed()).as(scheduler + " request " + i).isEqualTo(p[i] + d[i] - 1L);
        total += r.tokensComputed();
      }
      long batched = 0;
      for (SimulationOutcome.ReplicaStats s : out.replicas()) {
        batched += s.numTokens();
      }
      assertThat(batched).isEqualTo(total);
    }
  }

  @Test
  void sameSetupGivesIdenticalMetrics() {
    SplittableRandom rnd = new SplittableRandom(3);
    int n = 300;
    double[] arr = new double[n];
    int[] p = new int[n];
    int[] d = new int[n];
    for (int i = 0; i < n; i++) {
      arr[i] = i * 0.01;
      p[i] = 1 + rnd.nextInt(2000);
      d[i] = 1 + rnd.nextInt(200);
    }
    RequestArrays reqs = TestSetups.requests(arr, p, d);
    MetricsStore a = new Simulation(TestSetups.setup(reqs, "vllm_v1", 2, 300, 256)).run().metrics();
    MetricsStore b = new Simulation(TestSetups.setup(reqs, "vllm_v1", 2, 300, 256)).run().metrics();
    for (RequestMetric m : RequestMetric.values()) {
      assertThat(b.completed(m)).as(m.column()).containsExactly(a.completed(m));
    }
  }

  @Test
  void requestLargerThanReplicaMemoryIsRejectedNotStalled() {
    RequestArrays reqs = TestSetups.requests(new double[] {0, 0.1}, new int[] {400, 50}, new int[] {10, 10});
    SimulationOutcome out = new Simulation(TestSetups.setup(reqs, "vllm_v1", 1, 10, 512)).run();
    assertThat(out.metrics().numRejected()).isEqualTo(1);
    assertThat(out.metrics().isCompleted(1)).isTrue();
    assertThat(out.metrics().numUnfinished()).isEqualTo(1);
  }
}
