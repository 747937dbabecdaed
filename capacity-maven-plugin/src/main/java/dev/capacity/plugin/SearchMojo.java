package dev.capacity.plugin;

import dev.capacity.plugin.grid.Job;
import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.run.Json;
import dev.capacity.plugin.run.StudyRunException;
import dev.capacity.plugin.run.StudyRunner;
import dev.capacity.plugin.shard.Shard;
import dev.capacity.plugin.shard.ShardPlan;
import dev.capacity.plugin.shard.ShardResults;
import dev.capacity.plugin.study.Study;
import dev.capacity.simulator.Simulator;
import java.io.IOException;
import java.nio.file.Path;
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
 *
 * <p>With {@code -Dcapacity.shard=K/N} it runs only shard K of N of the grid (whole simulation groups,
 * balanced by expected work) into {@code <outputDirectory>/shard-K-of-N/}, without report or gate;
 * {@code capacity:merge} combines the N shards into the unsharded results and gates them.
 */
@Mojo(
    name = "search",
    defaultPhase = LifecyclePhase.VERIFY,
    threadSafe = true,
    requiresDependencyResolution = ResolutionScope.RUNTIME)
public final class SearchMojo extends AbstractGateMojo {
  /** Simulations run at once; 0 means one per available core. */
  @Parameter(property = "capacity.threads", defaultValue = "0")
  int threads;

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
   * Run only shard K of N of the job grid ({@code K/N}, 1-based, e.g. {@code 2/3}) for a CI matrix:
   * whole simulation groups, balanced by expected work, into {@code <outputDirectory>/shard-K-of-N/}
   * (partial {@code results.json}, {@code results.csv}, {@code runs/}); no report, no gate. Merge the
   * N shards with {@code mvn capacity:merge}.
   */
  @Parameter(property = "capacity.shard")
  String shard;

  @Override
  void executeGoal() throws MojoExecutionException, MojoFailureException {
    Shard part;
    try {
      part = shard == null || shard.isBlank() ? null : Shard.parse(shard);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("capacity: " + e.getMessage());
    }
    Simulator simulator = simulator();
    Study study = readStudy(simulator);
    List<Job> grid = JobGrid.expand(study);
    if (grid.isEmpty()) {
      throw new MojoFailureException("capacity: the study " + config + " expands to zero valid jobs");
    }
    List<Job> jobs = part == null ? grid : ShardPlan.jobsOf(grid, part, study.settings());
    int poolSize = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    Path out = part == null ? outputDirectory.toPath() : outputDirectory.toPath().resolve(part.dirName());
    if (part != null) {
      getLog().info("capacity: shard " + part + ": " + jobs.size() + " of " + grid.size() + " jobs ("
          + JobGrid.bySimulation(jobs).size() + " of " + JobGrid.bySimulation(grid).size()
          + " simulation groups) into " + out);
    }
    StudyResults results;
    try {
      writeStudyJson(out);
      Json.writeAtomically(out.resolve("args.json"), args(poolSize));
      results =
          new StudyRunner(study, jobs, simulator,
                  new StudyRunner.Options(out, poolSize, writeRequestMetrics, pluginVersion(), earlyStop, speculate), listener())
              .run();
      if (part != null) {
        ShardResults.of(part, grid, results).write(out);
      }
    } catch (StudyRunException e) {
      throw new MojoFailureException("capacity: " + e.getMessage());
    } catch (IOException e) {
      throw new MojoExecutionException("capacity: " + e.getMessage(), e);
    }
    if (part != null) {
      getLog().info("capacity: shard " + part + " results in " + out + "; no gate on a shard: run mvn capacity:merge"
          + " over all " + part.count() + " shard folders to gate the study");
      failOnSearchErrors(results);
      return;
    }
    publishAndGate(out, results, study.settings().minSearchGranularityPercent());
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
    if (shard != null && !shard.isBlank()) {
      args.put("shard", shard.trim());
    }
    return args;
  }
}
