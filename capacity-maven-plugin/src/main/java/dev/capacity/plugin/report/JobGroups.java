package dev.capacity.plugin.report;

import dev.capacity.plugin.results.JobResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs grouped so that the configurations a study compares sit side by side: one group per model,
 * trace, cluster, replica scheduler, request queue, batch size, SLO config and search mode and size, in
 * the study's job order. Within a group jobs differ by router and deployment (replicas x TP x PP), the
 * dimensions a reader weighs against each other ("2 x TP1 or 1 x TP2?").
 */
public record JobGroups(List<Group> groups) {
  public record Group(String title, List<JobResult> jobs) {
    /** The SLO quantile of the group's jobs (one SLO config per group), or null in older results. */
    public Double sloQuantile() {
      return jobs.isEmpty() ? null : jobs.get(0).sloQuantile();
    }

    /**
     * Whether the group's probes recorded prefix-cache hits (its trace has prefix caching on): its
     * capacity table then has a "Prefix hits" column.
     */
    public boolean prefixCached() {
      return jobs.stream().anyMatch(j -> j.probes().stream().anyMatch(p -> p.prefixHits() != null));
    }

    /** The capacity probe's prefix-cache hits as text ("13.2 % (GPU 7.9 + CPU 5.3)"), or empty (site report). */
    static String prefixHits(JobResult j) {
      dev.capacity.plugin.results.ProbeSummary at = dev.capacity.plugin.results.ResultsWriter.atCapacity(j);
      return at == null || at.prefixHits() == null ? "" : at.prefixHits().text();
    }
  }

  public static JobGroups of(List<JobResult> jobs) {
    Map<String, List<JobResult>> byKey = new LinkedHashMap<>();
    for (JobResult j : jobs) {
      byKey.computeIfAbsent(title(j), k -> new ArrayList<>()).add(j);
    }
    List<Group> out = new ArrayList<>();
    byKey.forEach((title, list) -> out.add(new Group(title, List.copyOf(list))));
    return new JobGroups(List.copyOf(out));
  }

  static String title(JobResult j) {
    return j.model() + " · " + j.trace() + " · " + j.cluster() + " · " + j.replicaScheduler() + " / "
        + j.requestQueue() + " · bsz" + j.batchSize() + " · SLO " + j.slo()
        + (j.sloQuantile() == null ? "" : " (" + Metrics.quantileLabel(j.sloQuantile()) + ")")
        + " · " + j.searchFor() + " search, " + j.numRequests() + " requests";
  }

  /**
   * Each job's series label in its group's chart: its deployment ("2 x TP1"), with the job's hash
   * appended where two jobs of one router would share it (search configs differing only in start QPS).
   */
  public static Map<JobResult, String> seriesLabels(List<JobResult> jobs) {
    Map<String, Integer> count = new LinkedHashMap<>();
    for (JobResult j : jobs) {
      count.merge(j.router() + "\u0000" + j.deployment(), 1, Integer::sum);
    }
    Map<JobResult, String> out = new LinkedHashMap<>();
    for (JobResult j : jobs) {
      boolean shared = count.get(j.router() + "\u0000" + j.deployment()) > 1;
      out.put(j, shared ? j.deployment() + " [" + j.hash() + "]" : j.deployment());
    }
    return out;
  }
}
