package dev.capacity.plugin.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.capacity.plugin.study.MetricAtQuantile;
import java.util.List;
import java.util.Map;

/**
 * One probe of a job's search as the results report it: the point, the verdict under the job's SLO
 * config, the judged values and the key percentiles (TTFT, TPOT, end-to-end at p50/p90/p99).
 *
 * @param folder the probe's folder, relative to the output directory
 * @param fingerprint the probe's {@code ProbeFingerprints} identity: what it simulated
 * @param prefixHits the cluster's prefix-cache hit ratios, by tier with KV-cache tiers; null (and absent
 *     from results.json) when the trace has prefix caching off, and in results written before them
 */
public record ProbeSummary(
    int replicas,
    double qps,
    boolean passed,
    double passingFraction,
    List<MetricAtQuantile> judged,
    Map<String, Double> percentiles,
    int numCompleted,
    int numUnfinished,
    boolean stoppedEarly,
    String folder,
    String fingerprint,
    @JsonInclude(JsonInclude.Include.NON_NULL) PrefixHits prefixHits) {

  /** A summary without prefix-cache hits (prefix caching off; tests). */
  public ProbeSummary(int replicas, double qps, boolean passed, double passingFraction,
      List<MetricAtQuantile> judged, Map<String, Double> percentiles, int numCompleted, int numUnfinished,
      boolean stoppedEarly, String folder, String fingerprint) {
    this(replicas, qps, passed, passingFraction, judged, percentiles, numCompleted, numUnfinished,
        stoppedEarly, folder, fingerprint, null);
  }

  /** A summary without a fingerprint (report fixtures). */
  public ProbeSummary(int replicas, double qps, boolean passed, double passingFraction,
      List<MetricAtQuantile> judged, Map<String, Double> percentiles, int numCompleted, int numUnfinished,
      boolean stoppedEarly, String folder) {
    this(replicas, qps, passed, passingFraction, judged, percentiles, numCompleted, numUnfinished,
        stoppedEarly, folder, null, null);
  }
}
