package dev.capacity.simulator.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.capacity.simulator.engine.Request;
import dev.capacity.simulator.engine.RequestArrays;
import dev.capacity.simulator.engine.Simulation;
import dev.capacity.simulator.engine.SimulationOutcome;
import dev.capacity.simulator.metrics.MetricsStore;
import dev.capacity.simulator.metrics.RequestMetric;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReplicaSchedulersTest {
  private static final double PREFILL_1000 = 0.010 + 0.1;
  private static final double DECODE = 0.010 + 0.0001;

  @ParameterizedTest
  @ValueSource(strings = {"vllm", "orca", "faster_transformer", "lightllm"})
  void oneRequestOnIdleReplicaPrefillsItsWholePromptThenDecodes(String scheduler) {
    // P = 1000, D = 5 at t = 1: one 1000-token prefill (10 ms + 100 ms) yields the first token, then
    // D - 1 = 4 one-token decodes of 10.1 ms each.
    RequestArrays one = Setups.requests(new double[] {1.0}, new int[] {1000}, new int[] {5});
    SimulationOutcome out = new Simulation(Setups.of(scheduler).build(one)).run();
    MetricsStore m = out.metrics();
    assertThat(m.value(RequestMetric.REQUEST_SCHEDULING_DELAY, 0)).isZero();
    assertThat(m.value(RequestMetric.PREFILL_E2E_TIME, 0)).isCloseTo(PREFILL_1000, within(1e-12));
    assertThat(m.value(RequestMetric.DECODE_TIME_EXECUTION_PLUS_PREEMPTION_NORMALIZED, 0))
        .isCloseTo(4 * DECODE / 5, within(1e-12));
    assertThat(m.value(RequestMetric.REQUEST_E2E_TIME, 0)).isCloseTo(PREFILL_1000 + 4 * DECODE, within(1e-12));
    assertThat(out.endTime()).isCloseTo(1.0 + PREFILL_1000 + 4 * DECODE, within(1e-12));
  }

  @ParameterizedTest
  @ValueSource(strings = {"vllm_v1", "vllm", "sarathi", "orca", "faster_transformer", "lightllm"})
  void aRepeatedPromptIsServedFromThePrefixCacheAtAdmission(String scheduler) {
    // Two requests with the same hash chain (P = 100, D = 4: 6 full blocks). The second arrives after the
    // first finished; its hit is capped at (100 - 1) / 16 = 6 blocks = 96 tokens, so its prefill computes
    // 4 tokens: 10 ms + 0.4 ms.
    long[] hashes = {11, 12, 13, 14, 15, 16};
    RequestArrays two =
        new RequestArrays(
            new double[] {0, 1}, new int[] {100, 100}, new int[] {4, 4}, hashes, new int[] {0, 0}, new int[] {6, 6}, null);
    Simulation sim = new Simulation(Setups.of(scheduler).prefixCaching().build(two));
    SimulationOutcome out = sim.run();
    assertThat(sim.request(0).cachedTokens()).isZero();
    assertThat(sim.request(1).cachedTokens()).isEqualTo(96);
    assertThat(out.metrics().value(RequestMetric.PREFILL_E2E_TIME, 1)).isCloseTo(0.0104, within(1e-12));
    assertThat(out.cachedPromptTokens()).isEqualTo(96);
    assertThat(sim.request(1).tokensComputed()).isEqualTo(4 + 4 - 1);
  }

  @Test
  void vllmAdmitsAPromptLongerThanMaxTokensInBatchAlone() {
    // P = 5000 > max_tokens_in_batch 4096: upstream would stall; here it prefills alone in 10 + 500 ms.
    RequestArrays one = Setups.requests(new double[] {0}, new int[] {5000}, new int[] {2});
    SimulationOutcome out = new Simulation(Setups.of("vllm").build(one)).run();
    assertThat(out.metrics().value(RequestMetric.PREFILL_E2E_TIME, 0)).isCloseTo(0.510, within(1e-12));
    assertThat(out.metrics().numCompleted()).isEqualTo(1);
  }

  @Test
  void vllmPrefillBatchIsLimitedByPaddedTokens() {
    // 3 prompts of 1500: 2 x 1500 = 3000 <= 4096 fit one prefill batch, 3 x 1500 = 4500 does not.
    RequestArrays three = Setups.requests(new double[] {0, 0, 0}, new int[] {1500, 1500, 1500}, new int[] {1, 1, 1});
    Simulation sim = new Simulation(Setups.of("vllm").build(three));
    sim.run();
    double first = 0.010 + 0.3;
    assertThat(sim.request(1).completedAt()).isCloseTo(first, within(1e-12));
    assertThat(sim.request(2).scheduledAt()).isCloseTo(first, within(1e-12));
    assertThat(sim.request(2).completedAt()).isCloseTo(first + 0.010 + 0.15, within(1e-12));
  }

  @Test
  void fasterTransformerAdmitsNothingWhileAStaticBatchRuns() {
    // Request 0 (t = 0, P = 100, D = 3): prefill 10 + 10 ms -> 0.020, two decodes of 10.1 ms -> 0.0402.
    // Request 1 arrives at 0.005 but waits for the static batch to finish: scheduled at 0.0402, first
    // token at 0.0602, done at 0.0804.
    RequestArrays two = Setups.requests(new double[] {0, 0.005}, new int[] {100, 100}, new int[] {3, 3});
    Simulation sim = new Simulation(Setups.of("faster_transformer").build(two));
    SimulationOutcome out = sim.run();
    assertThat(sim.request(0).completedAt()).isCloseTo(0.0402, within(1e-12));
    assertThat(sim.request(1).scheduledAt()).isCloseTo(0.0402, within(1e-12));
    assertThat(sim.request(1).prefillCompletedAt()).isCloseTo(0.0602, within(1e-12));
    assertThat(sim.request(1).completedAt()).isCloseTo(0.0804, within(1e-12));
    assertThat(out.metrics().value(RequestMetric.REQUEST_SCHEDULING_DELAY, 1)).isCloseTo(0.0352, within(1e-12));

    // Orca, by contrast, lets request 1 join at the first iteration boundary (0.020).
    Simulation orca = new Simulation(Setups.of("orca").build(two));
    orca.run();
    assertThat(orca.request(1).scheduledAt()).isCloseTo(0.020, within(1e-12));
  }

  @Test
  void fasterTransformerKeepsAFinishedMembersMemoryUntilItsStaticBatchEnds() {
    // Both at t = 0 in one static batch: request 0 (D = 1) finishes with the prefill, request 1 (D = 4)
    // decodes alone for 3 more iterations; request 2 arriving at 0.001 starts only after that.
    RequestArrays three =
        Setups.requests(new double[] {0, 0, 0.001}, new int[] {100, 100, 100}, new int[] {1, 4, 1});
    Simulation sim = new Simulation(Setups.of("faster_transformer").build(three));
    sim.run();
    double prefill2 = 0.010 + 0.02;
    assertThat(sim.request(0).completedAt()).isCloseTo(prefill2, within(1e-12));
    assertThat(sim.request(1).completedAt()).isCloseTo(prefill2 + 3 * DECODE, within(1e-12));
    assertThat(sim.request(2).scheduledAt()).isCloseTo(prefill2 + 3 * DECODE, within(1e-12));
  }

  @Test
  void vllmPreemptsByRecomputeUnderTinyMemoryAndStillFinishesEverything() {
    // 20 blocks of 16 tokens; four requests of 48 + 80 tokens (8 blocks each) cannot all keep their KV.
    RequestArrays four =
        Setups.requests(new double[] {0, 0, 0, 0}, new int[] {48, 48, 48, 48}, new int[] {80, 80, 80, 80});
    Simulation sim = new Simulation(Setups.of("vllm").kvBlocks(20).build(four));
    SimulationOutcome out = sim.run();
    assertThat(out.metrics().numCompleted()).isEqualTo(4);
    int restarts = 0;
    for (int i = 0; i < 4; i++) {
      restarts += sim.request(i).restarts();
    }
    assertThat(restarts).isPositive();
    // LIFO victim: the oldest request is never preempted
    assertThat(sim.request(0).restarts()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"vllm_v1", "vllm", "sarathi", "orca", "faster_transformer", "lightllm"})
  void edfAdmitsTheEarlierDeadlineFirst(String scheduler) {
    // Request 0 keeps the replica busy (cap 1). Request 1 (t = 0.001, P = 2000) has deadline
    // 0.001 + 2000 x 1 ms = 2.001; request 2 (t = 0.002, P = 100) has 0.102, so EDF takes it first,
    // FCFS takes request 1 first.
    RequestArrays reqs =
        Setups.requests(new double[] {0, 0.001, 0.002}, new int[] {1000, 2000, 100}, new int[] {20, 5, 5});
    Simulation edf = new Simulation(Setups.of(scheduler).batchCap(1).queue("edf", 0.001).build(reqs));
    assertThat(edf.run().metrics().numCompleted()).isEqualTo(3);
    assertThat(edf.request(2).scheduledAt()).as("edf").isLessThan(edf.request(1).scheduledAt());
    assertThat(edf.request(2).prefillDeadline()).isCloseTo(0.102, within(1e-12));

    Simulation fcfs = new Simulation(Setups.of(scheduler).batchCap(1).build(reqs));
    assertThat(fcfs.run().metrics().numCompleted()).isEqualTo(3);
    assertThat(fcfs.request(1).scheduledAt()).as("fcfs").isLessThan(fcfs.request(2).scheduledAt());
  }

  @Test
  void everySchedulerWithEitherQueueComputesEveryTokenExactlyOnce() {
    RequestArrays reqs = Setups.random(7, 400, 0.05, 3000, 300);
    for (String scheduler : Setups.ALL) {
      for (String queue : new String[] {"fcfs", "edf"}) {
        Setups s = Setups.of(scheduler).replicas(4).queue(queue, queue.equals("edf") ? 0.002 : 0);
        assertConserved(scheduler + "/" + queue, s, reqs, true);
      }
    }
  }

  @Test
  void reservingSchedulersNeverPreemptUnderTightMemory() {
    // 400 blocks = 6400 token slots for a loaded replica; requests need up to 207 blocks each.
    RequestArrays reqs = Setups.random(11, 300, 0.01, 3000, 300);
    for (String scheduler : new String[] {"orca", "faster_transformer", "lightllm"}) {
      for (String queue : new String[] {"fcfs", "edf"}) {
        Setups s = Setups.of(scheduler).kvBlocks(400).queue(queue, queue.equals("edf") ? 0.002 : 0);
        assertConserved(scheduler + "/" + queue, s, reqs, true);
      }
    }
    for (String scheduler : new String[] {"vllm_v1", "vllm", "sarathi"}) {
      assertConserved(scheduler, Setups.of(scheduler).kvBlocks(400), reqs, false);
    }
  }

  @Test
  void pipelineParallelReplicasFinishALoadedWorkloadSooner() {
    RequestArrays reqs = Setups.random(5, 400, 0.001, 1000, 100);
    for (String scheduler : Setups.PIPELINE_CAPABLE) {
      SimulationOutcome one = assertConserved(scheduler + " 1 stage", Setups.of(scheduler), reqs, true);
      SimulationOutcome two = assertConserved(scheduler + " 2 stages", Setups.of(scheduler).stages(2), reqs, true);
      assertThat(two.endTime()).as(scheduler).isLessThan(one.endTime());
    }
  }

  /** Runs; every request completes; without restarts each computes P + D - 1 tokens. */
  private static SimulationOutcome assertConserved(String what, Setups s, RequestArrays reqs, boolean noRestarts) {
    Simulation sim = new Simulation(s.build(reqs));
    SimulationOutcome out = sim.run();
    int n = reqs.size();
    assertThat(out.metrics().numCompleted()).as(what).isEqualTo(n);
    long total = 0;
    for (int i = 0; i < n; i++) {
      Request r = sim.request(i);
      if (noRestarts) {
        assertThat(r.restarts()).as(what + " request " + i).isZero();
      }
      if (r.restarts() == 0) {
        assertThat(r.tokensComputed())
            .as(what + " request " + i)
            .isEqualTo(reqs.prefillTokens()[i] + reqs.decodeTokens()[i] - 1L);
      }
      total += r.tokensComputed();
    }
    long batched = 0;
    for (SimulationOutcome.ReplicaStats st : out.replicas()) {
      batched += st.numTokens();
    }
    assertThat(batched).as(what).isEqualTo(total);
    return out;
  }
}
