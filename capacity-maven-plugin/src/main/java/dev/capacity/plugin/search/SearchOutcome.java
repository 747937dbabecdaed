package dev.capacity.plugin.search;

import dev.capacity.plugin.study.SearchMode;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The result of a search.
 *
 * @param capacity max QPS (qps; 0 if nothing passed), min replicas (num_replicas; the reference's
 *     {@code left}, unverified if the search stopped before finding a passing count), or empty for
 *     isoqps
 * @param probes every probe in the order tried, repeats included (a driver answers those from cache)
 */
public record SearchOutcome(SearchMode mode, OptionalDouble capacity, List<ProbeVerdict> probes,
    StopReason stopReason) {
  public SearchOutcome {
    probes = List.copyOf(probes);
  }
}
