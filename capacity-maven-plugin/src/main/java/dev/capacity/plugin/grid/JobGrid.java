package dev.capacity.plugin.grid;

import dev.capacity.plugin.study.ClusterSpec;
import dev.capacity.plugin.study.GlobalSchedulerSpec;
import dev.capacity.plugin.study.JobValidity;
import dev.capacity.plugin.study.ModelSpec;
import dev.capacity.plugin.study.ReplicaSchedulerSpec;
import dev.capacity.plugin.study.RequestQueueSpec;
import dev.capacity.plugin.study.SearchConfig;
import dev.capacity.plugin.study.SloConfig;
import dev.capacity.plugin.study.Study;
import dev.capacity.plugin.study.TraceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Expands a study into its jobs, in the reference's order, keeping only valid combinations. */
public final class JobGrid {
  private JobGrid() {}

  /**
   * The Cartesian product search_configs x models x clusters x traces x global_schedulers x
   * request_queues x replica_schedulers x slo_configs x tp x pp x batch_sizes (last varies fastest),
   * filtered by {@link JobValidity}.
   */
  public static List<Job> expand(Study study) {
    List<Job> jobs = new ArrayList<>();
    for (SearchConfig search : study.searchConfigs()) {
      for (ModelSpec model : study.models()) {
        for (ClusterSpec cluster : study.clusters()) {
          for (TraceSpec trace : study.traces()) {
            for (GlobalSchedulerSpec router : study.globalSchedulers()) {
              for (RequestQueueSpec queue : study.requestQueues()) {
                for (ReplicaSchedulerSpec replica : study.replicaSchedulers()) {
                  for (SloConfig slo : study.sloConfigs()) {
                    for (int tp : study.tpDimensions()) {
                      if (!JobValidity.keeps(search, model, trace, cluster, router, tp)) {
                        continue;
                      }
                      for (int pp : study.ppDimensions()) {
                        for (int batch : study.batchSizes()) {
                          jobs.add(new Job(search, model, cluster, trace, router, queue, replica,
                              slo, tp, pp, batch));
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return List.copyOf(jobs);
  }

  /**
   * Jobs grouped by {@link Job#simulationKey()}, groups in order of first appearance and jobs in grid
   * order within a group: each group's probes are simulated once and judged per SLO config.
   */
  public static Map<String, List<Job>> bySimulation(List<Job> jobs) {
    Map<String, List<Job>> groups = new LinkedHashMap<>();
    for (Job job : jobs) {
      groups.computeIfAbsent(job.simulationKey(), k -> new ArrayList<>()).add(job);
    }
    groups.replaceAll((k, v) -> List.copyOf(v));
    return groups;
  }
}
