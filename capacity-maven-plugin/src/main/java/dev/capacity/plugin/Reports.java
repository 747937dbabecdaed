package dev.capacity.plugin;

import dev.capacity.plugin.report.HtmlReport;
import dev.capacity.plugin.report.PlotWriter;
import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.ProbeSummary;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.run.Json;
import dev.capacity.plugin.run.ProbeResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Human-readable reports written next to the results: {@code report/index.html} and optional plots. */
final class Reports {
  static final String REPORT_DIR = "report";
  static final String INDEX = "index.html";

  private Reports() {}

  /**
   * Writes {@code <outputDir>/report/index.html}. A chart that cannot be drawn is a warning, never a
   * failed build: the report must not hide the gate's verdict.
   *
   * @param comparisons the baseline comparisons, or null without a baseline
   * @return the report file
   */
  static Path write(Path outputDir, StudyResults results, List<BaselineGate.Comparison> comparisons,
      double tolerance, Consumer<String> warnings) throws IOException {
    return write(outputDir, results, comparisons, tolerance, warnings, false);
  }

  /** The same, showing {@code report/trend.svg} when {@code trend} (this run drew it). */
  static Path write(Path outputDir, StudyResults results, List<BaselineGate.Comparison> comparisons,
      double tolerance, Consumer<String> warnings, boolean trend) throws IOException {
    String html = new HtmlReport(results, comparisons, tolerance, outputDir, warnings).withTrend(trend).render();
    Path file = outputDir.resolve(REPORT_DIR).resolve(INDEX);
    Json.writeAtomically(file, html.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  /** Renders {@code plots/<metric>.svg} in every simulation folder the results' probes point at. */
  static int writePlots(Path outputDir, StudyResults results, Consumer<String> warnings) {
    Set<String> simulations = new TreeSet<>();
    for (JobResult j : results.jobs()) {
      for (ProbeSummary p : j.probes()) {
        Path probeJson = outputDir.resolve(p.folder()).resolve("probe.json");
        if (!Files.isRegularFile(probeJson)) {
          continue;
        }
        try {
          ProbeResult r = Json.MAPPER.readValue(probeJson.toFile(), ProbeResult.class);
          if (r.simulation() != null) {
            simulations.add(r.simulation());
          }
        } catch (IOException e) {
          warnings.accept("capacity: cannot read " + probeJson + ": " + e.getMessage());
        }
      }
    }
    int n = 0;
    for (String s : simulations) {
      try {
        n += PlotWriter.write(outputDir.resolve(s).resolve("plots"));
      } catch (IOException | RuntimeException e) {
        warnings.accept("capacity: cannot draw the plots of " + s + ": " + e.getMessage());
      }
    }
    return n;
  }
}
