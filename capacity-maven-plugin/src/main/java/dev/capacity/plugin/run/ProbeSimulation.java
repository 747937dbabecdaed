package dev.capacity.plugin.run;

import dev.capacity.plugin.results.PrefixHits;
import dev.capacity.plugin.study.SloConfig;
import dev.capacity.plugin.study.SloVerdict;
import dev.capacity.simulator.KvCacheTiers;
import dev.capacity.simulator.SimulationConfig;
import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.engine.Simulation;
import dev.capacity.simulator.engine.SimulationOutcome;
import dev.capacity.simulator.engine.SimulationSetup;
import dev.capacity.simulator.metrics.MetricsStore;
import dev.capacity.simulator.metrics.Quantiles;
import dev.capacity.simulator.metrics.RequestMetric;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Runs one probe in this JVM: simulates it, judges it for every SLO config of its group, and publishes
 * the owner's probe folder through the {@link ProbeStore}. Thread-safe; what every backend's worker
 * runs.
 */
public final class ProbeSimulation {
  private static final String[] PERCENTILE_METRICS = {
    "prefill_e2e_time", "decode_time_execution_plus_preemption_normalized", "request_e2e_time"
  };
  private static final double[] PERCENTILES = {0.5, 0.9, 0.99};

  private final Simulator simulator;
  private final ProbeStore store;
  private final boolean earlyStop;

  public ProbeSimulation(Simulator simulator, ProbeStore store, boolean earlyStop) {
    this.simulator = simulator;
    this.store = store;
    this.earlyStop = earlyStop;
  }

  /** Runs the probe; returns null, writing nothing, when it was cancelled (unneeded speculation). */
  public ProbeResult run(ProbeTask task, BooleanSupplier cancelled) {
    return run(task, task.config(), cancelled);
  }

  /**
   * Runs the probe on {@code simulated}, which may differ from {@code task.config()} only in where its
   * trace is read from (a remote member's copy of the coordinator's trace file); the outputs record
   * {@code task.config()}, so they are the same wherever the probe ran.
   */
  public ProbeResult run(ProbeTask task, SimulationConfig simulated, BooleanSupplier cancelled) {
    SimulationSetup setup = simulator.prepare(simulated);
    Simulation simulation = new Simulation(setup);
    SloEarlyStop early = earlyStop ? new SloEarlyStop(task.slos(), arrivingRequests(setup), task.stopOn()) : null;
    simulation.setStopCondition(
        (metrics, id) -> cancelled.getAsBoolean() || (early != null && early.stopAfterCompletion(metrics, id)));
    SimulationOutcome outcome = simulation.run();
    if (cancelled.getAsBoolean()) {
      return null;
    }
    MetricsStore m = outcome.metrics();
    Map<String, SloVerdict> verdicts = new LinkedHashMap<>();
    Map<String, String> definitions = new LinkedHashMap<>();
    for (SloConfig slo : task.slos()) {
      if (outcome.stoppedEarly() && early != null && !early.certain(slo.name())) {
        continue; // not decided by the requests finished so far
      }
      SloVerdict v = slo.judge(m);
      // stopped early: this verdict is certain to fail; the partial metrics must not say otherwise
      definitions.put(slo.name(), slo.definition());
      verdicts.put(slo.name(), outcome.stoppedEarly() ? new SloVerdict(v.sloConfig(), false, v.passingFraction(), v.metrics()) : v);
    }
    Map<String, Double> percentiles = new LinkedHashMap<>();
    for (String metric : PERCENTILE_METRICS) {
      double[] v = m.completed(RequestMetric.byColumn(metric));
      Quantiles.sort(v);
      for (double q : PERCENTILES) {
        percentiles.put(metric + "_p" + Math.round(q * 100), Quantiles.ofSorted(v, q));
      }
    }
    String owner = task.ownerHash();
    ProbeResult result =
        new ProbeResult(
            task.probe().replicas(),
            task.probe().qps(),
            task.fingerprint(),
            "runs/" + owner + "/" + task.probe().folderName() + "/" + ProbeStore.SIMULATION_DIR,
            m.numRequests(),
            m.numCompleted(),
            m.numUnfinished(),
            outcome.endTime(),
            outcome.timeLimitReached(),
            outcome.stoppedEarly(),
            percentiles,
            verdicts,
            definitions,
            task.config().prefixCaching() ? prefixHits(outcome, task.config().kvTiers()) : null);
    store.writeOwner(owner, task.probe(), task.config(), outcome, result);
    return result;
  }

  /** Prompt tokens hit over all replicas, by tier when {@code tiers} has any (as summary.json's). */
  static PrefixHits prefixHits(SimulationOutcome outcome, KvCacheTiers tiers) {
    SimulationOutcome.PromptHits h = outcome.promptHits();
    boolean hasCpu = tiers != null && tiers.hasCpu();
    boolean hasPool = tiers != null && tiers.hasPool();
    return PrefixHits.of(h.admitted(), h.hit(), hasCpu || hasPool, hasCpu ? h.cpu() : null, hasPool ? h.pool() : null);
  }

  /** Where finished probes are published. */
  public ProbeStore store() {
    return store;
  }

  public boolean earlyStop() {
    return earlyStop;
  }

  /**
   * Requests that can arrive before the time limit (plus the one whose arrival ends the run): the
   * verdict's N. Counting fewer would make an early stop unsafe; one more only delays it.
   */
  static int arrivingRequests(SimulationSetup setup) {
    double[] arrivals = setup.requests().arrivalSeconds();
    double limit = setup.timeLimitSeconds();
    if (limit <= 0) {
      return arrivals.length;
    }
    int n = 0;
    for (double t : arrivals) {
      if (t <= limit) {
        n++;
      }
    }
    return Math.min(arrivals.length, n + 1);
  }
}
