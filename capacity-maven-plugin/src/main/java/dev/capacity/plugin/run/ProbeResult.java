package dev.capacity.plugin.run;

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
    Map<String, SloVerdict> verdicts) {

  public ProbeResult {
    percentiles = new TreeMap<>(percentiles);
    verdicts = new TreeMap<>(verdicts);
  }

  /** Whether this probe decides SLO config {@code sloConfig}: it ran to the end, or that verdict was certain. */
  public boolean decides(String sloConfig) {
    return verdicts.containsKey(sloConfig);
  }

  public boolean passes(String sloConfig) {
    SloVerdict v = verdicts.get(sloConfig);
    if (v == null) {
      throw new IllegalStateException("probe " + replicas + "/" + qps + " has no verdict for SLO " + sloConfig);
    }
    return v.passes();
  }
}
