package dev.capacity.plugin.report;

import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.StudyResults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@link Fixtures} for tests of other packages. */
public final class ReportFixtures {
  private ReportFixtures() {}

  public static StudyResults results() {
    return Fixtures.results();
  }

  public static List<BaselineGate.Comparison> comparisons(StudyResults r) {
    return Fixtures.comparisons(r);
  }

  public static void writeSimulations(Path out, StudyResults r) throws IOException {
    Fixtures.writeSimulations(out, r);
  }
}
