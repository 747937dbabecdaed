package dev.capacity.plugin.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A search as an immutable step-wise state machine: {@link #nextProbe()} is the probe the
 * reference's loop would run now, {@link #record(boolean)} the state after its verdict. Being
 * immutable, a driver can interleave many searches on a thread pool and speculate on both verdicts
 * of a pending probe ({@link #lookahead(int)}) without disturbing the deterministic search path.
 */
public sealed interface SearchState permits QpsSearch, ReplicaSearch, IsoQpsSearch {

  /** The probe to run next, or empty when the search has ended. */
  Optional<Probe> nextProbe();

  /** The state after the pending probe's verdict; IllegalStateException when the search ended. */
  SearchState record(boolean passed);

  /** Result so far; final once {@link #isDone()}. */
  SearchOutcome outcome();

  default boolean isDone() {
    return nextProbe().isEmpty();
  }

  /**
   * About how many probes this search still runs: its path with verdicts alternating from a failure
   * (a failure ends an expansion at once; a bisection halves its bracket whatever the verdict). Exact
   * for isoqps; a search still expanding may need a few more. For progress estimates only.
   */
  default int remainingEstimate() {
    SearchState s = this;
    boolean pass = false;
    int n = 0;
    while (s.nextProbe().isPresent() && n < 1000) { // every search ends by max_iterations
      s = s.record(pass);
      pass = !pass;
      n++;
    }
    return n;
  }

  /**
   * Distinct probes this search may run within its next {@code depth} turns, whatever the verdicts,
   * nearest first: candidates for speculative execution on idle workers.
   */
  default List<Probe> lookahead(int depth) {
    Set<Probe> probes = new LinkedHashSet<>();
    List<SearchState> frontier = List.of(this);
    for (int d = 0; d < depth && !frontier.isEmpty(); d++) {
      List<SearchState> next = new ArrayList<>();
      for (SearchState s : frontier) {
        if (s.nextProbe().isPresent()) {
          probes.add(s.nextProbe().get());
          next.add(s.record(true));
          next.add(s.record(false));
        }
      }
      frontier = next;
    }
    return List.copyOf(probes);
  }
}
