package dev.capacity.simulator.fidelity;

import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.engine.RequestArrays;
import dev.capacity.simulator.fidelity.FidelityReplay.Latencies;
import dev.capacity.simulator.fidelity.FidelityReplay.Metric;
import dev.capacity.simulator.fidelity.GroundTruth.MeasuredRun;
import dev.capacity.simulator.timing.EngineOverhead;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fits {@link EngineOverhead}'s constants on part of the measured runs, so the rest can judge them: the
 * <b>fit set</b> is every run with one engine (data parallel 1, TP 1, 2, 4, 8) that the data does not
 * mark overloaded; every data-parallel shape (TP x DP with DP 2, 4, 8) is held out. The loss is the mean
 * over the fit runs of the absolute log error of TTFT p50 and E2E p50 (the percentiles every run has);
 * the search is coordinate descent on a grid (0.25 ms for the host, 5 us for per-sequence and launch
 * times, 0.05 for the decode slowdown), which is deterministic. Prints the constants and the loss.
 *
 * <p>Run: {@code java -cp simulator/target/classes:<deps> dev.capacity.simulator.fidelity.EngineOverheadFit}.
 */
public final class EngineOverheadFit {
  /** The fitted constants and the loss they reach on the fit set. */
  public record Fit(EngineOverhead overhead, double loss, int evaluations) {}

  private final FidelityReplay replay;
  private final List<MeasuredRun> fitRuns = new ArrayList<>();
  private final List<RequestArrays> fitRequests = new ArrayList<>();
  private int evaluations;

  EngineOverheadFit(Simulator simulator, List<MeasuredRun> all) {
    this.replay = new FidelityReplay(simulator, FidelityReplay.DEFAULT_ROUTER, all);
    for (MeasuredRun run : all) {
      if (inFitSet(run)) {
        fitRuns.add(run);
        fitRequests.add(replay.requests(run));
      }
    }
  }

  /** The runs the constants are fitted on; every other run is held out. */
  public static boolean inFitSet(MeasuredRun run) {
    return run.dp() == 1 && run.notOverloaded();
  }

  public static void main(String[] args) {
    List<MeasuredRun> runs = GroundTruth.load();
    EngineOverheadFit fit = new EngineOverheadFit(Simulator.withDefaults(), runs);
    long start = System.nanoTime();
    Fit f = args.length > 0 && args[0].equals("--multi-start") ? fit.fitMultiStart() : fit.fit();
    EngineOverhead o = f.overhead();
    System.out.printf(Locale.ROOT,
        "fit on %d runs (%d evaluations, %.1f s): host %.2f ms/step + %.0f us/sequence, launch %.0f us/layer"
            + " + %.0f us/all-reduce, decode attention x%.2f; loss %.4f (mean |log error| of TTFT p50 and"
            + " E2E p50)%n",
        fit.fitRuns.size(), f.evaluations(), (System.nanoTime() - start) / 1e9,
        o.hostSecondsPerStep() * 1e3, o.hostSecondsPerSequence() * 1e6, o.launchSecondsPerLayer() * 1e6,
        o.launchSecondsPerCollective() * 1e6, o.decodeAttentionSlowdown(), f.loss());
  }

  /** Coordinate descent from the shipped constants, on a fixed grid; deterministic. */
  public Fit fit() {
    return fitFrom(new double[] {
      EngineOverhead.HOST_SECONDS_PER_STEP,
      EngineOverhead.HOST_SECONDS_PER_SEQUENCE,
      EngineOverhead.LAUNCH_SECONDS_PER_LAYER,
      EngineOverhead.LAUNCH_SECONDS_PER_COLLECTIVE,
      EngineOverhead.DECODE_ATTENTION_SLOWDOWN
    });
  }

  /** The best of coordinate descents from a grid of starting points (slow: about 30 descents). */
  public Fit fitMultiStart() {
    Fit best = fit();
    for (double host : new double[] {3e-3, 5e-3, 7e-3}) {
      for (double layer : new double[] {200e-6, 300e-6, 400e-6}) {
        for (double ar : new double[] {25e-6, 75e-6, 125e-6}) {
          Fit f = fitFrom(new double[] {host, 0, layer, ar, 1.0});
          if (best == null || f.loss() < best.loss() - 1e-9) {
            best = f;
          }
        }
      }
    }
    return best;
  }

  private Fit fitFrom(double[] start) {
    double[] x = start.clone();
    double[] step = {0.25e-3, 5e-6, 5e-6, 5e-6, 0.05};
    double[] min = {0, 0, 0, 0, 1.0};
    double best = loss(x);
    boolean improved = true;
    while (improved) {
      improved = false;
      for (int i = 0; i < x.length; i++) {
        for (int dir = -1; dir <= 1; dir += 2) {
          while (true) {
            double[] y = x.clone();
            y[i] = Math.max(min[i], x[i] + dir * step[i]);
            if (y[i] == x[i]) {
              break;
            }
            double l = loss(y);
            if (l < best - 1e-9) {
              best = l;
              x = y;
              improved = true;
            } else {
              break;
            }
          }
        }
      }
    }
    return new Fit(overhead(x), best, evaluations);
  }

  private static EngineOverhead overhead(double[] x) {
    return EngineOverhead.eager(x[0], x[1], x[2], x[3], x[4]);
  }

  double loss(double[] x) {
    evaluations++;
    EngineOverhead o = overhead(x);
    double sum = 0;
    for (int i = 0; i < fitRuns.size(); i++) {
      MeasuredRun run = fitRuns.get(i);
      Latencies p = replay.simulate(run, fitRequests.get(i), o);
      sum += Math.abs(Math.log(p.quantile(Metric.TTFT, 0.5) / run.ttftP50()));
      sum += Math.abs(Math.log(p.quantile(Metric.E2E, 0.5) / run.e2eP50()));
    }
    return sum / (2.0 * fitRuns.size());
  }
}
