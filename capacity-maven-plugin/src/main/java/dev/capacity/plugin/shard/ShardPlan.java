package dev.capacity.plugin.shard;

import dev.capacity.plugin.grid.Job;
import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.study.CapacitySettings;
import dev.capacity.plugin.study.SearchConfig;
import dev.capacity.plugin.study.SearchMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Splits a job grid into shards for a CI matrix. The unit is a simulation group
 * ({@link JobGrid#bySimulation}): its jobs share every simulation, so splitting one would simulate its
 * probes twice. Groups are balanced by expected work, not by count: a deterministic greedy (longest
 * processing time first) gives the group with the most work to the least-loaded shard, ties broken by
 * group key and then by the lower shard number. The same grid and N give the same plan on every machine.
 */
public final class ShardPlan {
  private ShardPlan() {}

  /**
   * A group's expected work: requests x replicas x probes. A probe's simulation time grows with the
   * requests it replays and with the replicas it steps (each replica schedules its own batches), and a
   * search runs at most {@code max_iterations} probes (an isoqps search exactly one per multiplier).
   * SLO configs add nothing: the group judges one simulation for all of them.
   */
  public static long expectedWork(List<Job> group, CapacitySettings settings) {
    SearchConfig search = group.get(0).search();
    long probes = search.searchFor() == SearchMode.ISOQPS
        ? Math.max(1, search.qpsMultipliers().size())
        : settings.maxIterations();
    return (long) search.numRequests() * Math.max(1, search.numReplicas()) * probes;
  }

  /**
   * The group keys of every shard (index 0 = shard 1), each in grid order.
   *
   * @param groups the grid's simulation groups by key, in grid order
   * @param work a group's expected work
   */
  public static <G> List<List<String>> assign(Map<String, G> groups, int shards, ToLongFunction<G> work) {
    if (shards < 1) {
      throw new IllegalArgumentException("need at least one shard: " + shards);
    }
    record Weighted(String key, long work) {}
    List<Weighted> order = new ArrayList<>();
    groups.forEach((k, v) -> order.add(new Weighted(k, work.applyAsLong(v))));
    order.sort(Comparator.comparingLong(Weighted::work).reversed().thenComparing(Weighted::key));
    long[] load = new long[shards];
    List<Set<String>> assigned = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      assigned.add(new HashSet<>());
    }
    for (Weighted w : order) {
      int least = 0;
      for (int i = 1; i < shards; i++) {
        if (load[i] < load[least]) {
          least = i;
        }
      }
      load[least] += w.work();
      assigned.get(least).add(w.key());
    }
    List<List<String>> out = new ArrayList<>();
    for (Set<String> keys : assigned) {
      out.add(groups.keySet().stream().filter(keys::contains).toList());
    }
    return out;
  }

  /** The jobs of one shard, in grid order. */
  public static List<Job> jobsOf(List<Job> grid, Shard shard, CapacitySettings settings) {
    Map<String, List<Job>> groups = JobGrid.bySimulation(grid);
    Set<String> mine =
        Set.copyOf(assign(groups, shard.count(), (List<Job> g) -> expectedWork(g, settings)).get(shard.index() - 1));
    return grid.stream().filter(j -> mine.contains(j.simulationKey())).toList();
  }
}
