package dev.capacity.plugin.study;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every problem of a study found before anything runs, reported together so a user fixes the YAML in
 * one pass instead of one error per build.
 */
public final class StudyValidationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public StudyValidationException(List<Problem> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String format(List<Problem> problems) {
    return problems.size() + (problems.size() == 1 ? " problem" : " problems")
        + " in the study:\n"
        + problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }
}
