package dev.capacity.plugin.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.capacity.plugin.results.PrefixHits;
import dev.capacity.plugin.study.SloConfig;
import dev.capacity.plugin.study.SloVerdict;
import java.util.Map;
import java.util.TreeMap;

/**
 * One simulated point of a job group (same simulation, any SLO config): its verdict under every SLO
 * config of the group and the key percentiles. Stored as {@code probe.json} in the probe's folder; its
 * presence marks the probe as finished, so a rerun reuses it.
 *
 * @param fingerprint hash of the simulation's effective configuration; a mismatch means redo
 * @param stoppedEarly the verdicts it was stopped on were certain to fail before all requests
 *     finished; the percentiles then describe only the requests finished by then, and {@code verdicts}
 *     holds only the SLO configs certain to fail at that point (others are unknown)
 * @param simulation the folder holding this probe's simulator outputs, relative to the output directory
 * @param sloDefinitions for every verdict, the {@link SloConfig#definition()} it was judged under
 * @param prefixHits the cluster's prefix-cache hit ratios (by tier with KV-cache tiers); null, and absent
 *     from probe.json, when the trace has prefix caching off (and in probe.json written before it was
 *     recorded, which the plugin-code part of the fingerprint keeps from being reused)
 */
public record ProbeResult(
    int replicas,
    double qps,
    String fingerprint,
    String simulation,
    int numRequests,
    int numCompleted,
    int numUnfinished,
    double simulatedEndTime,
    boolean timeLimitReached,
    boolean stoppedEarly,
    Map<String, Double> percentiles,
    Map<String, SloVerdict> verdicts,
    Map<String, String> sloDefinitions,
    @JsonInclude(JsonInclude.Include.NON_NULL) PrefixHits prefixHits) {

  public ProbeResult {
    percentiles = new TreeMap<>(percentiles);
    verdicts = new TreeMap<>(verdicts);
    // probe.json written before definitions were recorded decides nothing: it runs again
    sloDefinitions = sloDefinitions == null ? new TreeMap<>() : new TreeMap<>(sloDefinitions);
  }

  /**
   * Whether this probe decides {@code slo}: it ran to the end, or that verdict was certain, and it was
   * judged under exactly this definition (an SLO edited under the same name is not decided).
   */
  public boolean decides(SloConfig slo) {
    return verdicts.containsKey(slo.name()) && slo.definition().equals(sloDefinitions.get(slo.name()));
  }

  public boolean passes(String sloConfig) {
    SloVerdict v = verdicts.get(sloConfig);
    if (v == null) {
      throw new IllegalStateException("probe " + replicas + "/" + qps + " has no verdict for SLO " + sloConfig);
    }
    return v.passes();
  }
}
