package dev.capacity.plugin.search;

import dev.capacity.plugin.study.SearchMode;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The result of a search. A capacity is always a point the search simulated and saw pass: a search
 * that saw none reports {@link Status#NOT_FOUND} or {@link Status#BELOW_MIN_QPS} with a reason naming
 * the bound it simulated that still fails, never a number it did not simulate.
 *
 * @param capacity max QPS (qps: the highest passing QPS, at or above min_qps), min replicas
 *     (num_replicas: the fewest passing replicas), or empty (nothing passed; isoqps)
 * @param probes every probe in the order tried, repeats included (a driver answers those from cache)
 * @param status whether a capacity was found
 * @param reason why there is no capacity, for people ("not found: 32 replicas still fail ..."); null
 *     when found and for isoqps
 */
public record SearchOutcome(SearchMode mode, OptionalDouble capacity, List<ProbeVerdict> probes,
    StopReason stopReason, Status status, String reason) {

  /** Whether the search found a capacity. */
  public enum Status {
    /** A capacity: simulated and passed. */
    FOUND,
    /** Nothing passed before the search ran out of iterations. */
    NOT_FOUND,
    /** qps: nothing passed at or above min_qps. */
    BELOW_MIN_QPS,
    /** isoqps: no search, every multiplier probed. */
    PROBED
  }

  public SearchOutcome {
    probes = List.copyOf(probes);
  }

  static SearchOutcome found(SearchMode mode, double capacity, List<ProbeVerdict> probes,
      StopReason stop) {
    return new SearchOutcome(mode, OptionalDouble.of(capacity), probes, stop, Status.FOUND, null);
  }

  static SearchOutcome none(SearchMode mode, List<ProbeVerdict> probes, StopReason stop,
      Status status, String reason) {
    return new SearchOutcome(mode, OptionalDouble.empty(), probes, stop, status, reason);
  }

  /** "after 4 probes (max_iterations)": how the search ended, for reasons. */
  static String ending(List<ProbeVerdict> probes, StopReason stop) {
    String why = stop == null ? "still searching" : switch (stop) {
      case MAX_ITERATIONS -> "max_iterations reached";
      case BELOW_MIN_QPS -> "upper bound under min_qps";
      case CONVERGED -> "converged";
      case ALL_PROBED -> "all probed";
    };
    return "after " + probes.size() + " probe" + (probes.size() == 1 ? "" : "s") + ", " + why;
  }
}
