package dev.capacity.plugin.search;

import java.util.ArrayList;
import java.util.List;

/** The probes a search state has seen, extended immutably as each verdict arrives. */
final class Histories {
  private Histories() {}

  static List<ProbeVerdict> with(List<ProbeVerdict> probes, Probe probe, boolean passed) {
    List<ProbeVerdict> after = new ArrayList<>(probes.size() + 1);
    after.addAll(probes);
    after.add(new ProbeVerdict(probe, passed));
    return List.copyOf(after);
  }
}
