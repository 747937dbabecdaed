package dev.capacity.plugin.results;

import dev.capacity.plugin.grid.Job;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Short job labels for the console, instead of ~170-character keys: the hash's first 6 hex digits,
 * router, deployment and replica scheduler with batch size ({@code 3f2a9c lop_uncached 2xTP1
 * vllm_v1_cs512/b128}), then only those other dimensions (model, trace, cluster, SLO, search) that vary
 * in the study (the search config only when the others do not imply it), so a label names what tells the job apart and no more.
 */
public final class JobLabels {
  private JobLabels() {}

  /** Labels of the study's jobs, in order. */
  public static List<String> ofJobs(List<Job> jobs) {
    List<String[]> dims = new ArrayList<>();
    for (Job j : jobs) {
      String par = "TP" + j.tp() + (j.pp() > 1 ? "PP" + j.pp() : "");
      var layout = j.search().layout();
      String deployment = j.search().searchFor() == dev.capacity.plugin.study.SearchMode.NUM_REPLICAS ? par
          : layout != null ? layout.prefillReplicas() + "P"
              + (layout.prefillPool() == null ? "" : "(" + layout.prefillPool().networkDevice() + ")")
              + layout.decodeReplicas() + "D"
              + (layout.decodePool() == null ? "" : "(" + layout.decodePool().networkDevice() + ")") + "x" + par
          : j.search().numReplicas() + "x" + par;
      deployment += JobResult.tiers(j.search().kvTiers() == null ? "" : j.search().kvTiers().key()).replace(" ", "");
      dims.add(new String[] {j.hash(), j.router().key(), deployment, j.replicaScheduler().key() + "/b" + j.batchCap(),
        j.model().name(), j.trace().name(), j.cluster().key(), j.slo().name(), j.search().legacyKey()});
    }
    return labels(dims);
  }

  /** Labels of results' jobs (the same as {@link #ofJobs} gives the jobs they came from). */
  public static List<String> ofResults(List<JobResult> jobs) {
    List<String[]> dims = new ArrayList<>();
    for (JobResult j : jobs) {
      String deployment = j.deployment().replace(" ", ""); // "2 x TP1 PP2" -> "2xTP1PP2", "2P6D x TP1" -> "2P6DxTP1"
      String key = LegacyKeys.of(j.key());
      int at = key.lastIndexOf("_search");
      dims.add(new String[] {j.hash(), j.router(), deployment, j.replicaScheduler() + "/b" + j.batchSize(),
        j.model(), j.trace(), j.cluster(), j.slo(), at < 0 ? j.searchFor() : key.substring(at + "_search".length())});
    }
    return labels(dims);
  }

  private static boolean determined(List<String[]> dims, boolean[] shown, int d) {
    java.util.Map<String, String> valueOf = new java.util.HashMap<>();
    for (String[] row : dims) {
      StringBuilder others = new StringBuilder();
      for (int o = 1; o < row.length; o++) {
        if (o != d && (o < 4 || shown[o])) {
          others.append(row[o]).append('\u0000');
        }
      }
      String old = valueOf.putIfAbsent(others.toString(), row[d]);
      if (old != null && !old.equals(row[d])) {
        return false;
      }
    }
    return true;
  }

  /** dims: hash, then 3 always shown, then the ones shown when they vary. */
  private static List<String> labels(List<String[]> dims) {
    int n = dims.isEmpty() ? 0 : dims.get(0).length;
    boolean[] varies = new boolean[n];
    for (int d = 4; d < n; d++) {
      Set<String> values = new HashSet<>();
      for (String[] row : dims) {
        values.add(row[d]);
      }
      varies[d] = values.size() > 1;
    }
    // the search config, when the other shown dimensions determine it (the seed study's follows from
    // model and trace), says nothing more: left out
    if (n > 4 && varies[n - 1] && determined(dims, varies, n - 1)) {
      varies[n - 1] = false;
    }
    List<String> out = new ArrayList<>(dims.size());
    for (String[] row : dims) {
      StringBuilder sb = new StringBuilder().append(row[0], 0, Math.min(6, row[0].length()));
      for (int d = 1; d < n; d++) {
        if (d < 4 || varies[d]) {
          sb.append(' ').append(row[d]);
        }
      }
      out.add(sb.toString());
    }
    return out;
  }
}
