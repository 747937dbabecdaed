package dev.capacity.plugin.search;

import dev.capacity.plugin.results.Numbers;
import dev.capacity.plugin.search.SearchOutcome.Status;
import dev.capacity.plugin.study.SearchMode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code search_for: num_replicas} exactly as the reference (§7.7): the smallest replica count
 * meeting the SLO at a fixed QPS. Doubles the upper bound while probes fail, then bisects integers;
 * the result is {@code left}. The bisection may revisit the upper bound; a driver serves that from
 * its probe cache as the reference served it from disk.
 */
public final class ReplicaSearch implements SearchState {
  private final SearchSettings settings;
  private final double qps;
  private final int left;
  private final int right;
  private final boolean foundUpper;
  private final List<ProbeVerdict> probes;
  private final Probe pending;
  private final StopReason stop;

  private ReplicaSearch(SearchSettings settings, double qps, int left, int right,
      boolean foundUpper, List<ProbeVerdict> probes) {
    this.settings = settings;
    this.qps = qps;
    this.left = left;
    this.right = right;
    this.foundUpper = foundUpper;
    this.probes = probes;
    if (probes.size() >= settings.maxIterations()) {
      pending = null;
      stop = StopReason.MAX_ITERATIONS;
    } else if (!foundUpper) {
      pending = new Probe(right, qps);
      stop = null;
    } else if (left > right) {
      pending = null;
      stop = StopReason.CONVERGED;
    } else {
      pending = new Probe(Math.floorDiv(left + right, 2), qps);
      stop = null;
    }
  }

  /** A search at fixed {@code qps} whose first probe is 2 x {@code startReplicas}. */
  public static ReplicaSearch start(int startReplicas, double qps, SearchSettings settings) {
    return new ReplicaSearch(settings, qps, 1, 2 * startReplicas, false, List.of());
  }

  @Override
  public Optional<Probe> nextProbe() {
    return Optional.ofNullable(pending);
  }

  @Override
  public ReplicaSearch record(boolean passed) {
    if (pending == null) {
      throw new IllegalStateException("search ended (" + stop + "); nothing to record");
    }
    List<ProbeVerdict> history = Histories.with(probes, pending, passed);
    int n = pending.replicas();
    if (!foundUpper) {
      return passed ? new ReplicaSearch(settings, qps, left, right, true, history)
          : new ReplicaSearch(settings, qps, right + 1, 2 * right, false, history);
    }
    return passed ? new ReplicaSearch(settings, qps, left, n - 1, true, history)
        : new ReplicaSearch(settings, qps, n + 1, right, true, history);
  }

  /**
   * The fewest replicas that passed; converged, that is the reference's {@code left}. Out of iterations
   * before any count passed, the reference reported {@code left}, a count never simulated (one above
   * the last failure); we report that nothing was found, naming the largest count that failed.
   */
  @Override
  public SearchOutcome outcome() {
    OptionalInt fewest = probes.stream().filter(ProbeVerdict::passed)
        .mapToInt(p -> p.probe().replicas()).min();
    if (fewest.isPresent()) {
      return SearchOutcome.found(SearchMode.NUM_REPLICAS, fewest.getAsInt(), probes, stop);
    }
    String failing = probes.isEmpty() ? "no replica count simulated"
        : probes.stream().mapToInt(p -> p.probe().replicas()).max().getAsInt()
            + " replicas still fail at " + Numbers.format(qps) + " QPS";
    return SearchOutcome.none(SearchMode.NUM_REPLICAS, probes, stop, Status.NOT_FOUND,
        "not found: " + failing + " (" + SearchOutcome.ending(probes, stop) + ")");
  }
}
