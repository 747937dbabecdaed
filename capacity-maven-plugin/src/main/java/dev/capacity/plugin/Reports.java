package dev.capacity.plugin;

import dev.capacity.plugin.results.StudyResults;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Human-readable reports written next to the results (the HTML report comes here). */
final class Reports {
  private Reports() {}

  static void write(Path outputDir, StudyResults results, Consumer<String> warnings) {
    // The HTML report is added by the reports work; results.json and results.csv are written already.
  }
}
