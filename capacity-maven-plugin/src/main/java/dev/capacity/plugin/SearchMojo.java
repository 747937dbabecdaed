package dev.capacity.plugin;

import dev.capacity.plugin.grid.Job;
import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.results.Baseline;
import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.run.Json;
import dev.capacity.plugin.run.StudyRunException;
import dev.capacity.plugin.run.StudyRunner;
import dev.capacity.plugin.study.Study;
import dev.capacity.simulator.Simulator;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Runs the study's capacity searches, writes {@code results.json}, {@code results.csv} and the
 * reference's run layout under the output directory, then compares every job with the checked-in
 * baseline and fails the build when one lost capacity beyond the tolerance. Reports are written before
 * the gate decides, so a failed build still leaves them.
 */
@Mojo(
    name = "search",
    defaultPhase = LifecyclePhase.VERIFY,
    threadSafe = true,
    requiresDependencyResolution = ResolutionScope.RUNTIME)
public final class SearchMojo extends AbstractCapacityMojo {
  /** Checked-in capacities to gate against. */
  @Parameter(property = "capacity.baseline", defaultValue = "${project.basedir}/src/capacity/baseline.json")
  File baseline;

  /** Simulations run at once; 0 means one per available core. */
  @Parameter(property = "capacity.threads", defaultValue = "0")
  int threads;

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

  /** Write each probe's {@code request_metrics.csv} (a few MB each on large traces). */
  @Parameter(property = "capacity.writeRequestMetrics", defaultValue = "true")
  boolean writeRequestMetrics;

  /**
   * Stop a probe as soon as every SLO verdict on it is certain to fail (same capacities, much faster on
   * overloaded probes); such probes are marked {@code stoppedEarly} in their outputs.
   */
  @Parameter(property = "capacity.earlyStop", defaultValue = "true")
  boolean earlyStop;

  /**
   * Let idle threads run the probes a search may need next (both outcomes of its pending probe). Same
   * results; faster when there are fewer searches than threads.
   */
  @Parameter(property = "capacity.speculate", defaultValue = "true")
  boolean speculate;

  /**
   * Also draw every simulation's latency CDFs as {@code plots/<metric>.svg} next to its quantile tables
   * (off by default: a search simulates many probes).
   */
  @Parameter(property = "capacity.plots", defaultValue = "false")
  boolean plots;

  @Override
  void executeGoal() throws MojoExecutionException, MojoFailureException {
    Simulator simulator = simulator();
    Study study = readStudy(simulator);
    List<Job> jobs = JobGrid.expand(study);
    if (jobs.isEmpty()) {
      throw new MojoFailureException("capacity: the study " + config + " expands to zero valid jobs");
    }
    int poolSize = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    Path out = outputDirectory.toPath();
    StudyResults results;
    double effectiveTolerance = Math.max(tolerance, study.settings().minSearchGranularityPercent() / 100);
    List<BaselineGate.Comparison> comparisons = null;
    String baselineProblem = null;
    try {
      writeStudyJson();
      Json.writeAtomically(out.resolve("args.json"), args(poolSize));
      results =
          new StudyRunner(study, jobs, simulator,
                  new StudyRunner.Options(out, poolSize, writeRequestMetrics, pluginVersion(), earlyStop, speculate), listener())
              .run();
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
    } catch (StudyRunException e) {
      throw new MojoFailureException("capacity: " + e.getMessage());
    } catch (IOException e) {
      throw new MojoExecutionException("capacity: " + e.getMessage(), e);
    }
    getLog().info("capacity: results in " + out.resolve(ResultsWriter.JSON_FILE) + " and "
        + out.resolve(ResultsWriter.CSV_FILE) + "; report " + out.resolve(Reports.REPORT_DIR).resolve(Reports.INDEX));
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
    gate(results, comparisons, effectiveTolerance, baselineProblem);
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

  private Map<String, Object> args(int poolSize) {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("config", config.getName());
    args.put("threads", poolSize);
    args.put("tolerance", tolerance);
    args.put("fail_on_regression", failOnRegression);
    args.put("seed_override", seed);
    args.put("write_request_metrics", writeRequestMetrics);
    args.put("early_stop", earlyStop);
    args.put("speculate", speculate);
    return args;
  }

  private void gate(StudyResults results, List<BaselineGate.Comparison> comparisons, double effectiveTolerance,
      String baselineProblem) throws MojoFailureException, MojoExecutionException {
    if (comparisons == null && baselineProblem == null) {
      Path candidate = outputDirectory.toPath().resolve("baseline.candidate.json");
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
          + outputDirectory.toPath().resolve(Reports.REPORT_DIR).resolve(Reports.INDEX)
          + "\nIf the change is intended, run mvn capacity:update-baseline and commit " + baseline.getName();
      if (failOnRegression) {
        throw new MojoFailureException(message);
      }
      getLog().warn(message);
    }
  }
}
