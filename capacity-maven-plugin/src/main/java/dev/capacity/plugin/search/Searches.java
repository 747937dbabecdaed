package dev.capacity.plugin.search;

import dev.capacity.plugin.study.SearchConfig;
import dev.capacity.plugin.study.YamlNumber;

/** Starting a search from a study's search config, and the plain sequential loop. */
public final class Searches {
  private Searches() {}

  public static SearchState start(SearchConfig config, SearchSettings settings) {
    double qps = config.qps().value();
    return switch (config.searchFor()) {
      case QPS -> QpsSearch.start(config.numReplicas(), qps, settings);
      case NUM_REPLICAS -> ReplicaSearch.start(config.numReplicas(), qps, settings);
      case ISOQPS -> IsoQpsSearch.start(config.numReplicas(), qps,
          config.qpsMultipliers().stream().map(YamlNumber::value).toList());
    };
  }

  /** Runs a search to its end, one probe at a time, as the reference's loop did. */
  public static SearchOutcome run(SearchState search, ProbeOracle oracle) {
    SearchState state = search;
    while (state.nextProbe().isPresent()) {
      Probe probe = state.nextProbe().get();
      state = state.record(oracle.passes(probe.replicas(), probe.qps()));
    }
    return state.outcome();
  }
}
