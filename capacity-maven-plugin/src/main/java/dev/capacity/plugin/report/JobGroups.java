package dev.capacity.plugin.report;

import dev.capacity.plugin.results.JobResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs grouped so that routers sit side by side: one group per model, trace, cluster, replica
 * scheduler, request queue, parallelism, batch size, SLO config and search, in the study's job order.
 */
public record JobGroups(List<Group> groups) {
  public record Group(String title, List<JobResult> jobs) {}

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
        + j.requestQueue() + " · tp" + j.tp() + " pp" + j.pp() + " bsz" + j.batchSize() + " · SLO " + j.slo()
        + " · " + j.searchFor() + " search, " + j.numRequests() + " requests";
  }
}
