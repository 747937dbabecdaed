package dev.capacity.plugin;

import dev.capacity.plugin.report.SiteReportRenderer;
import dev.capacity.plugin.results.Baseline;
import dev.capacity.plugin.results.BaselineException;
import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.results.StudyResults;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.reporting.AbstractMavenReport;
import org.apache.maven.reporting.MavenReportException;

/**
 * The capacity site report ({@code capacity.html} under Project Reports), rendered from the last
 * {@code results.json} without running a search (no forked lifecycle): run {@code mvn verify site} for
 * fresh numbers. Without results it renders a page that says how to get them. Needs maven-site-plugin
 * 3.21.0 or newer (Doxia 2).
 */
@Mojo(name = "report", threadSafe = true)
public final class CapacityReportMojo extends AbstractMavenReport {
  /** Where capacity:search wrote its results. */
  @Parameter(property = "capacity.outputDirectory", defaultValue = "${project.build.directory}/capacity")
  File resultsDirectory;

  /** Checked-in capacities; when present the page shows the comparison. */
  @Parameter(property = "capacity.baseline", defaultValue = "${project.basedir}/src/capacity/baseline.json")
  File baseline;

  /** Relative capacity loss tolerated (as for capacity:search). */
  @Parameter(property = "capacity.tolerance", defaultValue = "0.02")
  double tolerance;

  /** Skips the report. */
  @Parameter(property = "capacity.skip", defaultValue = "false")
  boolean skip;

  @Override
  public String getOutputName() {
    return "capacity";
  }

  @Override
  public String getName(Locale locale) {
    return "Capacity";
  }

  @Override
  public String getDescription(Locale locale) {
    return "Capacity of each job of the study (max QPS under latency SLOs, or min replicas) from the last "
        + "capacity:search, compared with the checked-in baseline.";
  }

  @Override
  public boolean canGenerateReport() {
    return !skip;
  }

  @Override
  protected void executeReport(Locale locale) throws MavenReportException {
    Path file = resultsDirectory.toPath().resolve(ResultsWriter.JSON_FILE);
    StudyResults results = null;
    List<BaselineGate.Comparison> comparisons = null;
    double effective = tolerance;
    try {
      if (Files.isRegularFile(file)) {
        results = ResultsWriter.read(file);
        Object granularity = results.settings() == null ? null : results.settings().get("min_search_granularity_percent");
        if (granularity instanceof Number n) {
          effective = Math.max(tolerance, n.doubleValue() / 100);
        }
        if (baseline != null && baseline.isFile()) {
          try {
            comparisons = BaselineGate.compare(results, Baseline.read(baseline.toPath()), effective);
          } catch (BaselineException e) {
            getLog().warn("capacity: the report shows no baseline comparison: " + e.getMessage());
          }
        }
      } else {
        getLog().info("capacity: no results at " + file + "; the report says to run mvn verify first");
      }
      new SiteReportRenderer(getSink(), results, comparisons, effective, getReportOutputDirectory().toPath())
          .render();
    } catch (IOException | UncheckedIOException e) {
      throw new MavenReportException("capacity: cannot render the report: " + e.getMessage(), e);
    }
  }
}
