package dev.capacity.plugin.search;

import dev.capacity.plugin.study.SearchMode;
import java.util.List;
import java.util.Optional;

/** {@code search_for: isoqps}: no search, one probe per multiplier of the start QPS, in order. */
public final class IsoQpsSearch implements SearchState {
  private final List<Probe> planned;
  private final List<ProbeVerdict> probes;

  private IsoQpsSearch(List<Probe> planned, List<ProbeVerdict> probes) {
    this.planned = planned;
    this.probes = probes;
  }

  public static IsoQpsSearch start(int replicas, double startQps, List<Double> multipliers) {
    return new IsoQpsSearch(multipliers.stream().map(m -> new Probe(replicas, startQps * m))
        .toList(), List.of());
  }

  @Override
  public Optional<Probe> nextProbe() {
    return probes.size() < planned.size() ? Optional.of(planned.get(probes.size()))
        : Optional.empty();
  }

  @Override
  public IsoQpsSearch record(boolean passed) {
    Probe pending = nextProbe().orElseThrow(
        () -> new IllegalStateException("isoqps runs ended; nothing to record"));
    return new IsoQpsSearch(planned, Histories.with(probes, pending, passed));
  }

  @Override
  public SearchOutcome outcome() {
    return SearchOutcome.none(SearchMode.ISOQPS, probes, isDone() ? StopReason.ALL_PROBED : null,
        SearchOutcome.Status.PROBED, null);
  }
}
