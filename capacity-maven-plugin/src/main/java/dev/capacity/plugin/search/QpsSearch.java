package dev.capacity.plugin.search;

import dev.capacity.plugin.results.Numbers;
import dev.capacity.plugin.search.SearchOutcome.Status;
import dev.capacity.plugin.study.SearchMode;
import java.util.List;
import java.util.Optional;

/**
 * {@code search_for: qps} exactly as the reference (§7.7): double the upper bound until a probe
 * fails, then bisect until the interval is under the granularity or the upper bound under min_qps.
 * Every loop turn (expansion or bisection) counts toward max_iterations; the turn that finds the
 * upper bound does not bisect. Each non-stopping turn runs exactly one probe, so turns = probes.
 */
public final class QpsSearch implements SearchState {
  private final SearchSettings settings;
  private final int replicas;
  private final double left;
  private final double right;
  private final boolean foundUpper;
  private final List<ProbeVerdict> probes;
  private final Probe pending;
  private final StopReason stop;

  private QpsSearch(SearchSettings settings, int replicas, double left, double right,
      boolean foundUpper, List<ProbeVerdict> probes) {
    this.settings = settings;
    this.replicas = replicas;
    this.left = left;
    this.right = right;
    this.foundUpper = foundUpper;
    this.probes = probes;
    // the start of the next loop turn: stop, or the probe it runs
    if (probes.size() >= settings.maxIterations()) {
      pending = null;
      stop = StopReason.MAX_ITERATIONS;
    } else if (!foundUpper) {
      pending = new Probe(replicas, right);
      stop = null;
    } else if (Math.abs(left - right) < settings.minSearchGranularityPercent() * right / 100) {
      pending = null;
      stop = StopReason.CONVERGED;
    } else if (right < settings.minQps()) {
      pending = null;
      stop = StopReason.BELOW_MIN_QPS;
    } else {
      pending = new Probe(replicas, (left + right) / 2);
      stop = null;
    }
  }

  /** A search at fixed {@code replicas} whose first probe is 2 x {@code startQps}. */
  public static QpsSearch start(int replicas, double startQps, SearchSettings settings) {
    return new QpsSearch(settings, replicas, 0, 2 * startQps, false, List.of());
  }

  @Override
  public Optional<Probe> nextProbe() {
    return Optional.ofNullable(pending);
  }

  @Override
  public QpsSearch record(boolean passed) {
    if (pending == null) {
      throw new IllegalStateException("search ended (" + stop + "); nothing to record");
    }
    List<ProbeVerdict> history = Histories.with(probes, pending, passed);
    double qps = pending.qps();
    if (!foundUpper) {
      return passed ? new QpsSearch(settings, replicas, right, 2 * right, false, history)
          : new QpsSearch(settings, replicas, left, right, true, history);
    }
    return passed ? new QpsSearch(settings, replicas, qps, right, true, history)
        : new QpsSearch(settings, replicas, left, qps, true, history);
  }

  /**
   * {@code left}, the highest QPS that passed, when one passed at or above min_qps. The reference
   * reported {@code left} whatever it was: 0 when nothing passed, or a QPS under the floor.
   */
  @Override
  public SearchOutcome outcome() {
    boolean passed = probes.stream().anyMatch(ProbeVerdict::passed);
    if (passed && left >= settings.minQps()) {
      return SearchOutcome.found(SearchMode.QPS, left, probes, stop);
    }
    String floor = "min_qps " + Numbers.format(settings.minQps());
    if (passed) {
      return SearchOutcome.none(SearchMode.QPS, probes, stop, Status.BELOW_MIN_QPS,
          "below " + floor + ": the highest passing QPS, " + Numbers.format(left) + " at " + replicas
              + " replicas, is under the floor (" + SearchOutcome.ending(probes, stop) + ")");
    }
    String failing = probes.isEmpty() ? "no QPS simulated"
        : Numbers.format(lowestQps()) + " QPS still fails at " + replicas + " replicas";
    return stop == StopReason.BELOW_MIN_QPS
        ? SearchOutcome.none(SearchMode.QPS, probes, stop, Status.BELOW_MIN_QPS,
            "below " + floor + ": " + failing + " (" + SearchOutcome.ending(probes, stop) + ")")
        : SearchOutcome.none(SearchMode.QPS, probes, stop, Status.NOT_FOUND,
            "not found: " + failing + " (" + SearchOutcome.ending(probes, stop) + ")");
  }

  private double lowestQps() {
    return probes.stream().mapToDouble(p -> p.probe().qps()).min().orElse(Double.NaN);
  }
}
