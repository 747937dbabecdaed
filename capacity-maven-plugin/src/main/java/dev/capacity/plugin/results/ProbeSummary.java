package dev.capacity.plugin.results;

import dev.capacity.plugin.study.MetricAtQuantile;
import java.util.List;
import java.util.Map;

/**
 * One probe of a job's search as the results report it: the point, the verdict under the job's SLO
 * config, the judged values and the key percentiles (TTFT, TPOT, end-to-end at p50/p90/p99).
 *
 * @param folder the probe's folder, relative to the output directory
 * @param fingerprint the probe's {@code ProbeFingerprints} identity: what it simulated
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
    String fingerprint) {

  /** A summary without a fingerprint (report fixtures). */
  public ProbeSummary(int replicas, double qps, boolean passed, double passingFraction,
      List<MetricAtQuantile> judged, Map<String, Double> percentiles, int numCompleted, int numUnfinished,
      boolean stoppedEarly, String folder) {
    this(replicas, qps, passed, passingFraction, judged, percentiles, numCompleted, numUnfinished,
        stoppedEarly, folder, null);
  }
}
