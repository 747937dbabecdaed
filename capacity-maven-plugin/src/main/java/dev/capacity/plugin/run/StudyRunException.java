package dev.capacity.plugin.run;

import java.util.List;

/**
 * The study cannot run as configured: every problem found before the first simulation, each naming the
 * job and what is allowed. The Mojo turns it into a build failure.
 */
public final class StudyRunException extends Exception {
  private final List<String> problems;

  public StudyRunException(List<String> problems) {
    super(problems.size() + " problem(s) in the study:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
