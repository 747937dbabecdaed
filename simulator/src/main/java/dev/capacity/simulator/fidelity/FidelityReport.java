package dev.capacity.simulator.fidelity;

import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.fidelity.FidelityReplay.Latencies;
import dev.capacity.simulator.fidelity.FidelityReplay.Metric;
import dev.capacity.simulator.fidelity.FidelityReplay.Replay;
import dev.capacity.simulator.fidelity.GroundTruth.MeasuredRun;
import dev.capacity.simulator.metrics.Quantiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Predicted vs measured latencies of every measured run, and the summary errors. Relative error =
 * (predicted - measured) / measured; negative means the simulator is too fast. Where per-request records
 * exist, the measured percentiles are computed from them with the same quantile definition as the
 * predicted ones ({@link Quantiles}: linear interpolation); elsewhere they are those of {@code runs.csv}.
 */
public final class FidelityReport {
  public static final double[] QUANTILES = {0.5, 0.9, 0.99};

  /** One run: predicted and measured percentiles, [metric][quantile]; NaN where not measured. */
  public record RunResult(Replay replay, double[][] predicted, double[][] measured, double e2eCorrelation) {
    public MeasuredRun run() {
      return replay.run();
    }

    public double error(Metric m, int q) {
      return (predicted[m.ordinal()][q] - measured[m.ordinal()][q]) / measured[m.ordinal()][q];
    }
  }

  /** Summary of one metric and quantile over a set of runs (runs without a measurement left out). */
  public record Summary(String group, Metric metric, double quantile, int runs, double medianAbsError,
      double maxAbsError, int underPredicted) {}

  /** The runs the engine overhead's constants were fitted on. */
  public static final String FIT_GROUP = "fit set: DP 1, not overloaded";
  /** Every other run the data does not mark overloaded: the errors that judge the fit. */
  public static final String HELD_OUT_GROUP = "held out: DP 2-8, not overloaded";

  private final String router;
  private final List<RunResult> results;

  private FidelityReport(String router, List<RunResult> results) {
    this.router = router;
    this.results = results;
  }

  /** Replays every run of the ground truth. */
  public static FidelityReport run(Simulator simulator, String router) {
    List<MeasuredRun> runs = GroundTruth.load();
    FidelityReplay replay = new FidelityReplay(simulator, router, runs);
    List<RunResult> results = new ArrayList<>();
    for (MeasuredRun run : runs) {
      results.add(result(replay.replay(run)));
    }
    return new FidelityReport(router, results);
  }

  static RunResult result(Replay replay) {
    MeasuredRun run = replay.run();
    Latencies p = replay.predicted();
    double[][] pred = new double[3][QUANTILES.length];
    double[][] meas = new double[3][QUANTILES.length];
    Latencies m = run.replayable() ? FidelityReplay.measured(run) : null;
    for (Metric metric : Metric.values()) {
      for (int q = 0; q < QUANTILES.length; q++) {
        pred[metric.ordinal()][q] = p.quantile(metric, QUANTILES[q]);
        meas[metric.ordinal()][q] = m != null ? m.quantile(metric, QUANTILES[q]) : tableValue(run, metric, q);
      }
    }
    double corr = m != null ? pearson(p.e2e(), m.e2e()) : Double.NaN;
    return new RunResult(replay, pred, meas, corr);
  }

  private static double tableValue(MeasuredRun r, Metric metric, int q) {
    return switch (metric) {
      case TTFT -> new double[] {r.ttftP50(), r.ttftP90(), r.ttftP99()}[q];
      case E2E -> new double[] {r.e2eP50(), r.e2eP90(), r.e2eP99()}[q];
      case TPOT -> new double[] {r.tpotP50(), r.tpotP90(), r.tpotP99()}[q];
    };
  }

  static double pearson(double[] x, double[] y) {
    int n = x.length;
    double mx = Arrays.stream(x).average().orElse(Double.NaN);
    double my = Arrays.stream(y).average().orElse(Double.NaN);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  public String router() {
    return router;
  }

  public List<RunResult> results() {
    return results;
  }

  /** The groups of the summary table, in order. */
  public List<Summary> summaries() {
    List<Summary> out = new ArrayList<>();
    addGroup(out, "replayed exactly (per-request records)", r -> r.run().replayable());
    addGroup(out, "replayed exactly, not overloaded", r -> r.run().replayable() && r.run().notOverloaded());
    addGroup(out, "documented workload (no per-request records)", r -> !r.run().replayable());
    addGroup(out, "all runs", r -> true);
    addGroup(out, "all runs, not overloaded", r -> r.run().notOverloaded());
    addGroup(out, FIT_GROUP, r -> EngineOverheadFit.inFitSet(r.run()));
    addGroup(out, HELD_OUT_GROUP, r -> !EngineOverheadFit.inFitSet(r.run()) && r.run().notOverloaded());
    return out;
  }

  private void addGroup(List<Summary> out, String group, Predicate<RunResult> filter) {
    for (Metric metric : Metric.values()) {
      for (int q = 0; q < QUANTILES.length; q++) {
        out.add(summary(group, metric, q, filter));
      }
    }
  }

  public Summary summary(String group, Metric metric, int q, Predicate<RunResult> filter) {
    List<Double> abs = new ArrayList<>();
    int under = 0;
    for (RunResult r : results) {
      if (!filter.test(r) || Double.isNaN(r.measured()[metric.ordinal()][q])) {
        continue;
      }
      double e = r.error(metric, q);
      abs.add(Math.abs(e));
      if (e < 0) {
        under++;
      }
    }
    double[] a = abs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double max = a.length == 0 ? Double.NaN : a[a.length - 1];
    return new Summary(group, metric, QUANTILES[q], a.length, Quantiles.ofSorted(a, 0.5), max, under);
  }

  /**
   * Pearson correlation of predicted and measured E2E over every request of the exactly replayed runs
   * pooled: does the simulator rank requests as the GPU did, across shapes and loads?
   */
  public double pooledE2eCorrelation() {
    List<double[]> p = new ArrayList<>();
    List<double[]> m = new ArrayList<>();
    for (RunResult r : results) {
      if (r.run().replayable()) {
        p.add(r.replay().predicted().e2e());
        m.add(FidelityReplay.measured(r.run()).e2e());
      }
    }
    return pearson(concat(p), concat(m));
  }

  private static double[] concat(List<double[]> parts) {
    return parts.stream().flatMapToDouble(Arrays::stream).toArray();
  }

  /** Median over the replayed runs of the per-run E2E correlation (predicted vs measured, per request). */
  public double medianE2eCorrelation() {
    double[] c = results.stream().filter(r -> r.run().replayable())
        .mapToDouble(RunResult::e2eCorrelation).filter(v -> !Double.isNaN(v)).sorted().toArray();
    return Quantiles.ofSorted(c, 0.5);
  }
}
