package dev.capacity.plugin;

import dev.capacity.plugin.results.Baseline;
import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.run.OutputLock;
import dev.capacity.plugin.results.StudyResults;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Goals that end with a whole study's results ({@code search}, {@code merge}): they write
 * {@code results.json}, {@code results.csv} and the report, then gate against the baseline. Reports are
 * written before the gate decides, so a failed build still leaves them.
 */
abstract class AbstractGateMojo extends AbstractCapacityMojo {
  /** Checked-in capacities to gate against. */
  @Parameter(property = "capacity.baseline", defaultValue = "${project.basedir}/src/capacity/baseline.json")
  File baseline;

  /**
   * Relative capacity loss tolerated before a job counts as regressed (0.02 = 2 %). Never below the
   * search granularity, or the gate would flap on search resolution.
   */
  @Parameter(property = "capacity.tolerance", defaultValue = "0.02")
  double tolerance;

  /** Fail the build on a regression; false only warns. */
  @Parameter(property = "capacity.failOnRegression", defaultValue = "true")
  boolean failOnRegression;

  /** Fail when no baseline exists (suits CI); otherwise warn and write a candidate baseline. */
  @Parameter(property = "capacity.failOnMissingBaseline", defaultValue = "false")
  boolean failOnMissingBaseline;

  /**
   * Also draw every simulation's latency CDFs as {@code plots/<metric>.svg} next to its quantile tables
   * (off by default: a search simulates many probes).
   */
  @Parameter(property = "capacity.plots", defaultValue = "false")
  boolean plots;

  /**
   * Writes the results and reports into {@code out}, then fails on failed searches and gates.
   *
   * @param granularityPercent the study's {@code min_search_granularity} (percent)
   */
  void publishAndGate(Path out, StudyResults results, double granularityPercent)
      throws MojoExecutionException, MojoFailureException {
    double effectiveTolerance = Math.max(tolerance, granularityPercent / 100);
    List<BaselineGate.Comparison> comparisons = null;
    String baselineProblem = null;
    try {
      ResultsWriter.write(out, results);
      // compare before writing the report, so the report shows the gate's verdicts; the gate throws later
      if (baseline.isFile()) {
        try {
          comparisons = BaselineGate.compare(results, Baseline.read(baseline.toPath()), effectiveTolerance);
        } catch (IOException e) {
          baselineProblem = e.getMessage();
        }
      }
      afterResults(out, results, comparisons, effectiveTolerance);
    } catch (IOException e) {
      throw new MojoExecutionException("capacity: " + e.getMessage(), e);
    }
    getLog().info("capacity: results in " + out.resolve(ResultsWriter.JSON_FILE) + " and "
        + out.resolve(ResultsWriter.CSV_FILE) + "; report " + out.resolve(Reports.REPORT_DIR).resolve(Reports.INDEX));
    failOnSearchErrors(results);
    gate(out, results, comparisons, effectiveTolerance, baselineProblem);
  }

  /** Takes the output folder for this run, or fails at once naming the folder and the run holding it. */
  OutputLock lockOutput(Path out, String goal) throws MojoFailureException, MojoExecutionException {
    try {
      return OutputLock.acquire(out, goal);
    } catch (OutputLock.HeldException e) {
      throw new MojoFailureException("capacity: " + e.getMessage());
    } catch (IOException e) {
      throw new MojoExecutionException("capacity: cannot lock " + out + ": " + e.getMessage(), e);
    }
  }

  /** Reports written from the same results, before the gate decides: the HTML report and optional plots. */
  void afterResults(Path out, StudyResults results, List<BaselineGate.Comparison> comparisons,
      double effectiveTolerance) throws IOException {
    Reports.write(out, results, comparisons, effectiveTolerance, getLog()::warn);
    if (plots) {
      int n = Reports.writePlots(out, results, getLog()::warn);
      getLog().info("capacity: drew " + n + " latency CDF chart(s) into the simulations' plots/ folders");
    }
  }

  void failOnSearchErrors(StudyResults results) throws MojoExecutionException {
    List<String> failed = new ArrayList<>();
    for (JobResult j : results.jobs()) {
      if (j.error() != null) {
        failed.add(j.key() + ": " + j.error());
      }
    }
    if (!failed.isEmpty()) {
      throw new MojoExecutionException("capacity: " + failed.size() + " search(es) failed:\n  "
          + String.join("\n  ", failed));
    }
  }

  private void gate(Path out, StudyResults results, List<BaselineGate.Comparison> comparisons,
      double effectiveTolerance, String baselineProblem) throws MojoFailureException, MojoExecutionException {
    if (comparisons == null && baselineProblem == null) {
      Path candidate = out.resolve("baseline.candidate.json");
      try {
        Baseline.from(results).write(candidate);
      } catch (IOException e) {
        throw new MojoExecutionException("capacity: cannot write " + candidate + ": " + e.getMessage(), e);
      }
      String message = "capacity: no baseline at " + baseline + "; wrote a candidate to " + candidate
          + " (check it in as " + baseline.getName() + ", or run mvn capacity:update-baseline)";
      if (failOnMissingBaseline) {
        throw new MojoFailureException(message);
      }
      getLog().warn(message);
      return;
    }
    if (baselineProblem != null) {
      throw new MojoFailureException("capacity: " + baselineProblem);
    }
    List<String> regressions = new ArrayList<>();
    int ok = 0;
    for (BaselineGate.Comparison c : comparisons) {
      String line = c.describe(effectiveTolerance);
      switch (c.verdict()) {
        case REGRESSED -> {
          regressions.add(line);
          getLog().error(line);
        }
        case IMPROVED, NEW, MISSING -> getLog().info(line);
        case OK -> {
          ok++;
          if (getLog().isDebugEnabled()) {
            getLog().debug(line);
          }
        }
      }
    }
    getLog().info("capacity: " + ok + " job(s) within " + String.format(java.util.Locale.ROOT, "%.2f",
        effectiveTolerance * 100) + "% of the baseline, " + regressions.size() + " regressed");
    if (!regressions.isEmpty()) {
      String message = "capacity: " + regressions.size() + " job(s) lost capacity against " + baseline + ":\n  "
          + String.join("\n  ", regressions) + "\nReport: "
          + out.resolve(Reports.REPORT_DIR).resolve(Reports.INDEX)
          + "\nIf the change is intended, run mvn capacity:update-baseline and commit " + baseline.getName();
      if (failOnRegression) {
        throw new MojoFailureException(message);
      }
      getLog().warn(message);
    }
  }
}
