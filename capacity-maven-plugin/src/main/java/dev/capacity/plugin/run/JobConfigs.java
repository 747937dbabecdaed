package dev.capacity.plugin.run;

import dev.capacity.plugin.grid.Job;
import dev.capacity.plugin.search.Probe;
import dev.capacity.plugin.study.CapacitySettings;
import dev.capacity.plugin.study.KvTiersSpec;
import dev.capacity.plugin.study.LayoutSpec;
import dev.capacity.simulator.KvCacheTiers;
import dev.capacity.simulator.DisaggregatedLayout;
import dev.capacity.simulator.SimulationConfig;
import dev.capacity.simulator.workload.WorkloadSpec;
import java.util.Map;

/**
 * Maps a job and a probe point to the simulator's configuration, as the reference's config explorer
 * maps YAML items to simulator flags (reference §7.2). Differences: {@code enable_prefix_caching} is
 * honoured (the reference forces caching on), and the study seed drives both the arrival stream and the
 * router's random stream.
 */
public final class JobConfigs {
  /** vllm_v1 / sarathi default chunk when the YAML gives none (only non-chunking schedulers omit it). */
  static final int DEFAULT_CHUNK = 512;

  private JobConfigs() {}

  public static SimulationConfig simulation(Job job, Probe probe, CapacitySettings settings) {
    Map<String, Object> routerParams = job.router().routerParams();
    int maxSeqLen = job.trace().maxSeqLen();
    SimulationConfig.Builder b = SimulationConfig.builder();
    if (job.model().architecture() != null) {
      b.modelSpec(job.model().architecture());
    }
    if (job.cluster().node() != null) {
      b.nodeSpec(job.cluster().node());
    }
    // a cluster's precision overrides the model's; null leaves the model's own
    String weights = job.cluster().weightDtype() != null ? job.cluster().weightDtype()
        : job.model().weightDtype();
    String kvCache = job.cluster().kvCacheDtype() != null ? job.cluster().kvCacheDtype()
        : job.model().kvCacheDtype();
    LayoutSpec layout = job.search().layout();
    if (layout != null) {
      // the job's router routes to the prefill pool; the layout names the decode pool's
      b.layout(DisaggregatedLayout.of(layout.prefillReplicas(), layout.decodeReplicas(),
              job.router().scheduler(), layout.decodeRouter())
          .withTensorParallel(layout.prefillTp(), layout.decodeTp())
          .withLink(layout.kvLinkGbps(), layout.kvLinkLatencySeconds())
          .withNetworkDevices(
              layout.prefillPool() == null ? null : layout.prefillPool().networkDevice(),
              layout.prefillPool() == null ? null : layout.prefillPool().node(),
              layout.decodePool() == null ? null : layout.decodePool().networkDevice(),
              layout.decodePool() == null ? null : layout.decodePool().node())
          .withKvTransfer(layout.kvTransfer()));
    }
    KvTiersSpec tiers = job.search().kvTiers();
    if (tiers != null) {
      b.kvTiers(new KvCacheTiers(tiers.cpuGb(), tiers.cpuGbps(), tiers.poolGb(), tiers.poolGbps(),
          tiers.poolLatencySeconds()));
    }
    return b
        .model(job.model().identifier())
        .device(job.cluster().device())
        .networkDevice(job.cluster().networkDevice())
        .tensorParallel(job.tp())
        .pipelineStages(job.pp())
        .numReplicas(probe.replicas())
        .router(job.router().scheduler())
        .routerParams(routerParams)
        .replicaScheduler(job.replicaScheduler().scheduler())
        .chunkSize(job.replicaScheduler().chunkSize().orElse(DEFAULT_CHUNK))
        .batchSizeCap(job.batchCap())
        .maxTokensInBatch(Math.max(4096, maxSeqLen))
        .requestQueue(job.queue().provider())
        .sloPrefillE2eTimeNormalized(
            job.queue().sloPrefillE2eTimeNormalized().map(n -> n.value()).orElse(0.0))
        .prefixCaching(job.trace().enablePrefixCaching())
        .trace(TraceLocations.location(job.trace().traceFile()))
        .workload(WorkloadSpec.poisson(probe.qps(), job.search().numRequests(), maxSeqLen, settings.seed()))
        .timeLimitSeconds(settings.timeLimitMinutes() * 60)
        .seed(settings.seed())
        .executionMode(job.cluster().executionMode())
        .apiServerInputSeconds(job.cluster().apiServerInputSeconds())
        .apiServerOutputSeconds(job.cluster().apiServerOutputSeconds())
        .weightDtype(weights)
        .kvCacheDtype(kvCache)
        .expertParallel(job.cluster().expertParallel())
        .build();
  }
}
