package dev.capacity.simulator.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.engine.RequestArrays;
import dev.capacity.simulator.timing.EngineOverhead;
import dev.capacity.simulator.fidelity.FidelityReplay.Latencies;
import dev.capacity.simulator.fidelity.FidelityReplay.Metric;
import dev.capacity.simulator.fidelity.FidelityReport.RunResult;
import dev.capacity.simulator.fidelity.FidelityReport.Summary;
import dev.capacity.simulator.fidelity.GroundTruth.MeasuredRequest;
import dev.capacity.simulator.fidelity.GroundTruth.MeasuredRun;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fidelity suite on the bundled vLLM A100 measurements (about 2 s: 110 small simulations). */
class FidelityTest {
  private static List<MeasuredRun> runs;
  private static FidelityReport report;

  @BeforeAll
  static void replayAll() {
    runs = GroundTruth.load();
    report = FidelityReport.run(Simulator.withDefaults(), FidelityReplay.DEFAULT_ROUTER);
  }

  @Test
  void theDataHas110Runs40WithTheir1460RequestsOverTenShapes() {
    assertThat(runs).hasSize(110);
    List<MeasuredRun> replayable = runs.stream().filter(MeasuredRun::replayable).toList();
    assertThat(replayable).hasSize(40);
    assertThat(replayable.stream().mapToInt(r -> r.requests().size()).sum()).isEqualTo(1460);
    for (MeasuredRun r : replayable) {
      assertThat(r.requests()).hasSize(r.numRequests());
      assertThat(r.requests().stream().mapToLong(MeasuredRequest::inputTokens).sum()).isEqualTo(r.totalInputTokens());
      assertThat(r.requests().stream().mapToLong(MeasuredRequest::outputTokens).sum())
          .isEqualTo(r.totalOutputTokens());
    }
    assertThat(runs.stream().map(MeasuredRun::shape).distinct()).hasSize(10);
    assertThat(report.results()).hasSize(110);
  }

  @Test
  void replayableRunsUseTheMeasuredArrivalTimesAndSizesExactly() {
    for (RunResult r : report.results()) {
      RequestArrays sim = r.replay().requests();
      MeasuredRun run = r.run();
      assertThat(sim.size()).isEqualTo(run.numRequests());
      if (!run.replayable()) {
        assertThat(sim.arrivalSeconds()[0]).isZero();
        assertThat(sim.prefillTokens()).containsOnly(FidelityReplay.DOCUMENTED_PROMPT_TOKENS);
        continue;
      }
      for (int i = 0; i < sim.size(); i++) {
        MeasuredRequest q = run.requests().get(i);
        assertThat(sim.arrivalSeconds()[i]).isEqualTo(q.arrival());
        assertThat(sim.prefillTokens()[i]).isEqualTo(q.inputTokens());
        assertThat(sim.decodeTokens()[i]).isEqualTo(q.outputTokens());
      }
    }
  }

  @Test
  void thePredictionDependsOnTheArrivalTimes() {
    // A run at 8 QPS on one GPU queues: replayed with the arrivals compressed to half their times, its TTFT
    // must grow. A replay that ignored the measured arrivals (or generated its own) would fail the test
    // above; this one fails if the engine ignored the given arrival times.
    FidelityReplay replay = new FidelityReplay(Simulator.withDefaults(), FidelityReplay.DEFAULT_ROUTER, runs);
    MeasuredRun run = runs.stream().filter(r -> r.replayable() && r.qps() == 8 && r.tp() == 1 && r.dp() == 1)
        .findFirst().orElseThrow();
    RequestArrays requests = replay.requests(run);
    double[] compressed = requests.arrivalSeconds().clone();
    for (int i = 0; i < compressed.length; i++) {
      compressed[i] *= 0.5;
    }
    Latencies asMeasured = replay.simulate(run, requests);
    Latencies faster = replay.simulate(run, FidelityReplay.withArrivals(requests, compressed));
    assertThat(faster.quantile(Metric.TTFT, 0.9)).isGreaterThan(1.2 * asMeasured.quantile(Metric.TTFT, 0.9));
    assertThat(faster.quantile(Metric.E2E, 0.5)).isGreaterThan(asMeasured.quantile(Metric.E2E, 0.5));
  }

  /**
   * The median |relative error| over the 40 exactly replayed runs, as upper bounds: today's values plus
   * about half a point. The simulation is deterministic, so these are not timings: they guard against a
   * change that makes the simulator silently less faithful. Lower a bound when a change improves it.
   */
  @Test
  void summaryErrorsStayWithinTodaysBounds() {
    Map<String, Double> bounds = Map.of(
        "TTFT p50", 0.035, "TTFT p90", 0.124, "TTFT p99", 0.218,
        "TPOT p50", 0.042, "TPOT p90", 0.053, "TPOT p99", 0.061,
        "E2E p50", 0.037, "E2E p90", 0.057, "E2E p99", 0.065);
    Map<String, Summary> exact = groupSummaries("replayed exactly (per-request records)");
    assertThat(exact.keySet()).isEqualTo(bounds.keySet());
    bounds.forEach((key, bound) -> {
      assertThat(exact.get(key).runs()).as(key).isEqualTo(40);
      assertThat(exact.get(key).medianAbsError()).as(key).isLessThanOrEqualTo(bound);
    });
    // the documented-workload runs and all runs together, E2E p50 (TPOT is not measured per request there)
    Summary all = report.summary("all", Metric.E2E, 0, r -> true);
    assertThat(all.runs()).isEqualTo(110);
    assertThat(all.medianAbsError()).isLessThanOrEqualTo(0.095);
    assertThat(report.summary("all", Metric.TTFT, 0, r -> true).medianAbsError()).isLessThanOrEqualTo(0.060);
    // per request, predicted E2E follows the measured one within a run (median of the 40 correlations)
    assertThat(report.medianE2eCorrelation()).isGreaterThanOrEqualTo(0.875);
  }

  /**
   * Issue 16's targets on the 92 runs the data does not mark overloaded: median |error| of TTFT p50,
   * TTFT p90, E2E p50, E2E p90 and TPOT p50 at most 10 %, no run off by more than 35 % on E2E p50, and a
   * pooled per-request E2E correlation of at least 0.9. TTFT p90 and E2E p90 are met since the
   * data-parallel runs share one front end (8.6 % and 7.1 %; 11.3 % and 10.6 % without).
   */
  @Test
  void issueTargetsOnTheRunsThatAreNotOverloaded() {
    Map<String, Summary> s = groupSummaries("all runs, not overloaded");
    assertThat(s.get("TTFT p50").runs()).isEqualTo(92);
    assertThat(s.get("TTFT p50").medianAbsError()).isLessThanOrEqualTo(0.10);
    assertThat(s.get("E2E p50").medianAbsError()).isLessThanOrEqualTo(0.10);
    assertThat(s.get("TPOT p50").medianAbsError()).isLessThanOrEqualTo(0.10);
    assertThat(s.get("E2E p50").maxAbsError()).isLessThanOrEqualTo(0.35);
    assertThat(report.pooledE2eCorrelation()).isGreaterThanOrEqualTo(0.9);
    assertThat(s.get("TTFT p90").medianAbsError()).isLessThanOrEqualTo(0.10);
    assertThat(s.get("E2E p90").medianAbsError()).isLessThanOrEqualTo(0.10);
  }

  /**
   * vLLM's data-parallel engines share one front end: without that, the held-out DP runs are predicted
   * too fast at load (E2E p90 12.5 % median error, 60 of 62 under-predicted); with it 10.5 %.
   */
  @Test
  void dataParallelEnginesShareTheirFrontEnd() {
    EngineOverhead eager = EngineOverhead.of(EngineOverhead.EAGER);
    assertThat(eager.sharedByEngines(4).hostSecondsPerSequence())
        .isEqualTo(4 * eager.hostSecondsPerSequence());
    assertThat(eager.sharedByEngines(4).hostSecondsPerStep()).isEqualTo(eager.hostSecondsPerStep());
    FidelityReplay replay = new FidelityReplay(Simulator.withDefaults(), FidelityReplay.DEFAULT_ROUTER, runs);
    MeasuredRun dp8 = runs.stream().filter(r -> r.replayable() && r.dp() == 8 && r.qps() == 8)
        .findFirst().orElseThrow();
    var requests = replay.requests(dp8);
    double shared = replay.simulate(dp8, requests, eager.sharedByEngines(8)).quantile(Metric.E2E, 0.9);
    double separate = replay.simulate(dp8, requests, eager).quantile(Metric.E2E, 0.9);
    assertThat(shared).isGreaterThan(separate);
  }

  /** The constants were fitted on the DP 1 runs; the held-out DP > 1 runs judge them. */
  @Test
  void heldOutRunsAreJudgedSeparatelyFromTheFitSet() {
    Map<String, Summary> fit = groupSummaries(FidelityReport.FIT_GROUP);
    Map<String, Summary> held = groupSummaries(FidelityReport.HELD_OUT_GROUP);
    assertThat(fit.get("E2E p50").runs()).isEqualTo(30);
    assertThat(held.get("E2E p50").runs()).isEqualTo(62);
    assertThat(fit.get("E2E p50").medianAbsError()).isLessThanOrEqualTo(0.035);
    assertThat(held.get("E2E p50").medianAbsError()).isLessThanOrEqualTo(0.055);
    assertThat(held.get("TPOT p50").medianAbsError()).isLessThanOrEqualTo(0.047);
    assertThat(held.get("TTFT p50").medianAbsError()).isLessThanOrEqualTo(0.042);
  }

  /** The shipped constants are where the fit ends: a descent from them finds nothing better. */
  @Test
  void shippedEngineConstantsAreTheFit() {
    EngineOverheadFit.Fit f = new EngineOverheadFit(Simulator.withDefaults(), runs).fit();
    assertThat(f.overhead()).isEqualTo(dev.capacity.simulator.timing.EngineOverhead.of("eager"));
    assertThat(f.loss()).isLessThan(0.075);
  }

  private static Map<String, Summary> groupSummaries(String group) {
    return report.summaries().stream()
        .filter(s -> s.group().equals(group))
        .collect(Collectors.toMap(s -> s.metric() + " p" + Math.round(s.quantile() * 100), s -> s));
  }

  /**
   * TPOT per request is computed from TTFT and E2E, (e2e - ttft) / (output tokens - 1), on both sides; the
   * data's own {@code tpot_s} column agrees within 0.15 % (it was derived upstream, from unrounded times).
   */
  @Test
  void tpotIsMeasuredAsTheDataDefinesIt() {
    for (MeasuredRun run : runs) {
      for (MeasuredRequest q : run.requests()) {
        assertThat((q.e2e() - q.ttft()) / (q.outputTokens() - 1)).isCloseTo(q.tpot(),
            org.assertj.core.data.Percentage.withPercentage(0.2));
      }
    }
  }

  @Test
  void theSuiteWritesItsTablesAndCharts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path page = dir.resolve("page.md");
    java.nio.file.Files.writeString(page, "# t\n\n" + FidelitySuite.BEGIN + "\nold\n" + FidelitySuite.END + "\ntail\n");
    FidelitySuite.main(new String[] {dir.resolve("out").toString(), page.toString()});
    assertThat(dir.resolve("out/fidelity-runs.csv")).content().hasLineCount(111);
    assertThat(dir.resolve("out/fidelity-requests.csv")).content().hasLineCount(1461);
    assertThat(dir.resolve("out/e2e-p50.svg")).content().startsWith("<svg").contains("<circle");
    assertThat(page).content().doesNotContain("\nold\n").contains("### Summary").endsWith(FidelitySuite.END + "\ntail\n");
  }
}
