package dev.capacity.simulator.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.capacity.simulator.SimulationInputException;
import org.junit.jupiter.api.Test;

class WorkloadsTest {

  /** A 3-row lengths-only trace with arrivals, no hashes. */
  private static Trace small() {
    return new Trace("small", 3, new double[] {0.0, 1.5, 4.0}, new int[] {100, 200, 300}, new int[] {10, 20, 30},
        null, null, null);
  }

  @Test
  void poissonArrivalsMatchNumpyStreamForTheReferenceSeed() {
    // numpy: u = default_rng(42).random(); t += min(-log(1 - u)/8, 3/8). Vidur's published canary output at
    // qps 8 has request 0 arriving at 0.185878 s.
    Workload w = Workloads.generate(small(), WorkloadSpec.poisson(8, 3, 0, 42));
    assertThat(w.arrivalSeconds(0)).isCloseTo(0.18587822790020653, within(1e-15));
    assertThat(w.arrivalSeconds(1)).isCloseTo(0.2581054418999912, within(1e-15));
    assertThat(w.arrivalSeconds(2)).isCloseTo(0.5026239187698309, within(1e-15));
  }

  @Test
  void poissonMeanIntervalIsTheCappedMean() {
    double qps = 4;
    int n = 400_000;
    Workload w = Workloads.generate(small(), WorkloadSpec.poisson(qps, n, 0, 7));
    double meanInterval = w.arrivalSeconds(n - 1) / n;
    // (1 - e^-3)/qps = 0.9502/qps: the 3/qps cap lifts the realised rate to ~1.052 x qps
    assertThat(meanInterval * qps).isCloseTo(1 - Math.exp(-3), within(0.005));
    double maxGap = 0;
    for (int i = 1; i < n; i++) {
      maxGap = Math.max(maxGap, w.arrivalSeconds(i) - w.arrivalSeconds(i - 1));
    }
    assertThat(maxGap).isLessThanOrEqualTo(3 / qps + 1e-12);
  }

  @Test
  void gammaMeanAndCv() {
    double qps = 2;
    double cv = 2;
    int n = 200_000;
    Workload w = Workloads.generate(small(),
        new WorkloadSpec(WorkloadSpec.Generator.SYNTHETIC, WorkloadSpec.Interval.GAMMA, qps, cv, n, 1, 0, 3));
    double sum = 0;
    double sumSq = 0;
    double prev = 0;
    for (int i = 0; i < n; i++) {
      double gap = w.arrivalSeconds(i) - prev;
      prev = w.arrivalSeconds(i);
      sum += gap;
      sumSq += gap * gap;
    }
    double mean = sum / n;
    double sd = Math.sqrt(sumSq / n - mean * mean);
    assertThat(mean * qps).isCloseTo(1.0, within(0.03));
    assertThat(sd / mean).isCloseTo(cv, within(0.1));
  }

  @Test
  void staticPutsEveryRequestAtZero() {
    Workload w = Workloads.generate(small(),
        new WorkloadSpec(WorkloadSpec.Generator.SYNTHETIC, WorkloadSpec.Interval.STATIC, 0, 0, 5, 1, 0, 42));
    assertThat(w.arrivalSecondsColumn()).containsOnly(0.0);
  }

  @Test
  void sameSeedSameArraysDifferentSeedDifferent() {
    Trace t = TraceReader.readResource("traces/mooncake/synthetic_trace.jsonl");
    Workload a = Workloads.generate(t, WorkloadSpec.poisson(3, 0, 4096, 11));
    Workload b = Workloads.generate(t, WorkloadSpec.poisson(3, 0, 4096, 11));
    Workload c = Workloads.generate(t, WorkloadSpec.poisson(3, 0, 4096, 12));
    assertThat(a.arrivalSecondsColumn()).containsExactly(b.arrivalSecondsColumn());
    assertThat(a.prefillTokensColumn()).containsExactly(b.prefillTokensColumn());
    assertThat(a.decodeTokensColumn()).containsExactly(b.decodeTokensColumn());
    assertThat(a.traceRowColumn()).containsExactly(b.traceRowColumn());
    assertThat(c.arrivalSecondsColumn()).isNotEqualTo(a.arrivalSecondsColumn());
    assertThat(c.arrivalSeconds(0)).isNotEqualTo(a.arrivalSeconds(0));
  }

  @Test
  void syntheticWrapsAroundAfterTheLastRow() {
    Workload w = Workloads.generate(small(), WorkloadSpec.poisson(1, 7, 0, 42));
    assertThat(w.size()).isEqualTo(7);
    assertThat(w.traceRowColumn()).containsExactly(0, 1, 2, 0, 1, 2, 0);
    assertThat(w.prefillTokensColumn()).containsExactly(100, 200, 300, 100, 200, 300, 100);
    assertThat(w.arrivalSeconds(0)).isPositive(); // first request arrives at its first interval, not 0
    for (int i = 1; i < w.size(); i++) {
      assertThat(w.arrivalSeconds(i)).isGreaterThanOrEqualTo(w.arrivalSeconds(i - 1));
    }
    assertThat(Workloads.generate(small(), WorkloadSpec.poisson(1, 0, 0, 42)).size()).isEqualTo(3);
  }

  @Test
  void clippingArithmeticHandWorked() {
    // row 0: P 3000, D 1200 -> floor(4200/16) = 262 hashes; row 1: P 10, D 40 -> 3; row 2: P 1, D 100 -> 6
    Trace fixed = new Trace("clip", 3, null, new int[] {3000, 10, 1}, new int[] {1200, 40, 100}, new long[271],
        new int[] {0, 262, 265, 271}, null);
    Workload w = Workloads.generate(fixed,
        new WorkloadSpec(WorkloadSpec.Generator.SYNTHETIC, WorkloadSpec.Interval.STATIC, 0, 0, 3, 1, 4096, 42));
    // excess = 4200 - 4096 = 104; P -= ceil(104*3000/4200) = ceil(74.29) = 75; D -= ceil(104*1200/4200) = 30
    assertThat(w.prefillTokens(0)).isEqualTo(2925);
    assertThat(w.decodeTokens(0)).isEqualTo(1170);
    assertThat(w.numHashes(0)).isEqualTo(4095 / 16); // 255, truncated in place
    assertThat(w.hashStart(0)).isZero();
    assertThat(w.prefillTokens(1)).isEqualTo(10);
    assertThat(w.numHashes(1)).isEqualTo(3);
    assertThat(w.hashStart(1)).isEqualTo(262);
    assertThat(w.numClipped()).isEqualTo(1);

    Workload tight = Workloads.generate(fixed,
        new WorkloadSpec(WorkloadSpec.Generator.SYNTHETIC, WorkloadSpec.Interval.STATIC, 0, 0, 3, 1, 10, 42));
    // row 2: P 1, D 100, total 101, excess 91: P -= ceil(91/101) = 1 -> 0 -> clamped to 1; D -= ceil(9100/101) = 91
    assertThat(tight.prefillTokens(2)).isEqualTo(1);
    assertThat(tight.decodeTokens(2)).isEqualTo(9);
    assertThat(tight.numClipped()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(tight.prefillTokens(i) + tight.decodeTokens(i)).isLessThanOrEqualTo(10);
    }
  }

  @Test
  void replayScalesTraceTimes() {
    Workload w = Workloads.generate(small(), WorkloadSpec.replay(2, 0.5, 0));
    assertThat(w.arrivalSecondsColumn()).containsExactly(0.0, 0.75);
    assertThat(w.traceRowColumn()).containsExactly(0, 1);
    assertThat(w.sessionId(0)).isEqualTo(-1);
    assertThat(w.numHashes(0)).isZero();
    Workload all = Workloads.generate(TraceReader.readResource("traces/mooncake/conversation_trace.jsonl"),
        WorkloadSpec.replay(0, 2.0, 0));
    assertThat(all.size()).isEqualTo(12_031);
    assertThat(all.arrivalSeconds(all.size() - 1)).isEqualTo(3536.999 * 2);
    assertThat(all.numHashes(5)).isEqualTo(all.trace().numBlocks(5));
    assertThat(all.sessionId(0)).isZero();
  }

  @Test
  void replayRejectsMissingArrivalsAndTooManyRequests() {
    Trace noArrivals = new Trace("lengths.csv", 1, null, new int[] {5}, new int[] {5}, null, null, null);
    assertThatThrownBy(() -> Workloads.generate(noArrivals, WorkloadSpec.replay(0, 1, 0)))
        .isInstanceOf(SimulationInputException.class).hasMessageContaining("lengths.csv")
        .hasMessageContaining("arrival");
    assertThatThrownBy(() -> Workloads.generate(small(), WorkloadSpec.replay(4, 1, 0)))
        .isInstanceOf(SimulationInputException.class).hasMessageContaining("up to 3");
  }

  @Test
  void specValidation() {
    assertThatThrownBy(() -> WorkloadSpec.poisson(0, 10, 0, 1)).hasMessageContaining("qps");
    assertThatThrownBy(() -> WorkloadSpec.poisson(Double.NaN, 10, 0, 1)).hasMessageContaining("qps");
    assertThatThrownBy(() -> WorkloadSpec.poisson(1, -1, 0, 1)).hasMessageContaining("numRequests");
    assertThatThrownBy(() -> WorkloadSpec.poisson(1, 1, -5, 1)).hasMessageContaining("maxSeqLen");
    assertThatThrownBy(() -> WorkloadSpec.poisson(1, 1, 0, -1)).hasMessageContaining("seed");
    assertThatThrownBy(() -> WorkloadSpec.replay(1, 0, 0)).hasMessageContaining("timeScale");
    assertThatThrownBy(() -> new WorkloadSpec(WorkloadSpec.Generator.SYNTHETIC, WorkloadSpec.Interval.GAMMA, 1, 0,
        1, 1, 0, 1)).hasMessageContaining("gammaCv");
    assertThatThrownBy(() -> new WorkloadSpec(null, WorkloadSpec.Interval.GAMMA, 1, 1, 1, 1, 0, 1))
        .hasMessageContaining("generator");
  }
}
