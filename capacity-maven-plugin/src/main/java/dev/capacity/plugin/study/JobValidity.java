package dev.capacity.plugin.study;

/**
 * The reference's job validity filter (§7.2). Lives here so validation can tell a user that a search
 * config yields no job at all, and the grid applies the same rule when expanding.
 */
public final class JobValidity {
  private JobValidity() {}

  /**
   * Kept iff model and trace are the search config's, tp is not excluded for the model and fits on a
   * node, and a single-replica qps search only uses round_robin (any router is round robin on one
   * replica, so the reference skipped the duplicates).
   */
  public static boolean keeps(SearchConfig search, ModelSpec model, TraceSpec trace,
      ClusterSpec cluster, GlobalSchedulerSpec router, int tp) {
    return model.name().equals(search.model())
        && trace.name().equals(search.trace())
        && !model.excludeTpDims().contains(tp)
        && tp <= cluster.gpusPerNode()
        && !(search.searchFor() == SearchMode.QPS && search.numReplicas() == 1
            && !router.scheduler().equals("round_robin"));
  }
}
