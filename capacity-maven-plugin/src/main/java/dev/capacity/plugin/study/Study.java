package dev.capacity.plugin.study;

import java.nio.file.Path;
import java.util.List;

/** A validated study: the lists of the YAML in their written order, plus our settings. */
public record Study(Path file, List<ClusterSpec> clusters,
    List<GlobalSchedulerSpec> globalSchedulers, List<RequestQueueSpec> requestQueues,
    List<ReplicaSchedulerSpec> replicaSchedulers, List<SloConfig> sloConfigs,
    List<TraceSpec> traces, List<Integer> batchSizes, List<Integer> tpDimensions,
    List<Integer> ppDimensions, List<ModelSpec> models, List<SearchConfig> searchConfigs,
    CapacitySettings settings) {

  public Study {
    clusters = List.copyOf(clusters);
    globalSchedulers = List.copyOf(globalSchedulers);
    requestQueues = List.copyOf(requestQueues);
    replicaSchedulers = List.copyOf(replicaSchedulers);
    sloConfigs = List.copyOf(sloConfigs);
    traces = List.copyOf(traces);
    batchSizes = List.copyOf(batchSizes);
    tpDimensions = List.copyOf(tpDimensions);
    ppDimensions = List.copyOf(ppDimensions);
    models = List.copyOf(models);
    searchConfigs = List.copyOf(searchConfigs);
  }
}
