package dev.capacity.plugin.run;

import dev.capacity.plugin.search.Probe;
import dev.capacity.plugin.study.SloConfig;
import dev.capacity.simulator.SimulationConfig;
import java.util.List;
import java.util.TreeSet;

/**
 * One probe to simulate, self-contained: everything a {@link ProbeExecutor} (local or remote) needs to
 * run it and judge it for every SLO config of its group.
 *
 * @param group the simulation group's key ({@code Job#simulationKey()})
 * @param ownerHash the hash of the group's first job, whose {@code runs/<hash>/} folder holds the
 *     simulator outputs
 * @param config the simulation; a deterministic function of the job and the probe point
 * @param fingerprint {@link StudyRunner#fingerprint(SimulationConfig)} of {@code config}
 * @param slos every SLO config judged on this simulation
 * @param stopOn names of the SLO configs whose certain failure stops the probe early (those of the
 *     searches that asked for it), sorted; empty: it runs to the end
 */
public record ProbeTask(
    String group, String ownerHash, Probe probe, SimulationConfig config, String fingerprint,
    List<SloConfig> slos, List<String> stopOn) {
  public ProbeTask {
    slos = List.copyOf(slos);
    stopOn = List.copyOf(new TreeSet<>(stopOn));
  }
}
