package dev.capacity.plugin.ci;

import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.run.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Writes {@code junit.xml} and {@code summary.md} into the output folder, each atomically. */
public final class CiOutputs {
  public static final String JUNIT_FILE = "junit.xml";
  public static final String SUMMARY_FILE = "summary.md";

  private CiOutputs() {}

  /** Same parameters as {@link JunitXml#render}. */
  public static void write(Path outputDir, StudyResults results, List<BaselineGate.Comparison> comparisons,
      double tolerance, String against, List<String> gateFailures) throws IOException {
    Json.writeAtomically(outputDir.resolve(JUNIT_FILE),
        JunitXml.render(results, comparisons, tolerance, against, gateFailures).getBytes(StandardCharsets.UTF_8));
    Json.writeAtomically(outputDir.resolve(SUMMARY_FILE),
        SummaryMarkdown.render(results, comparisons, tolerance, against, gateFailures)
            .getBytes(StandardCharsets.UTF_8));
  }
}
