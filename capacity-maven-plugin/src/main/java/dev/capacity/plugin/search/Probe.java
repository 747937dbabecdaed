package dev.capacity.plugin.search;

import dev.capacity.plugin.study.PythonNumbers;

/** One evaluation point of a search. */
public record Probe(int replicas, double qps) {
  /** The reference's run folder name, e.g. {@code r8_q5.5}. */
  public String folderName() {
    return PythonNumbers.probeFolder(replicas, qps);
  }

  @Override
  public String toString() {
    return folderName();
  }
}
