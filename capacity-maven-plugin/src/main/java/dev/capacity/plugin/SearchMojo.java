package dev.capacity.plugin;

import dev.capacity.plugin.grid.Job;
import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.results.Baseline;
import dev.capacity.plugin.results.LegacyKeys;
import dev.capacity.plugin.results.SeedSpread;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.run.ExecutorUnavailableException;
import dev.capacity.plugin.run.Json;
import dev.capacity.plugin.run.LocalProbeExecutor;
import dev.capacity.plugin.run.OutputLock;
import dev.capacity.plugin.run.ProbeExecutor;
import dev.capacity.plugin.run.StudyRunException;
import dev.capacity.plugin.run.StudyRunner;
import dev.capacity.plugin.shard.Shard;
import dev.capacity.plugin.shard.ShardPlan;
import dev.capacity.plugin.shard.ShardResults;
import dev.capacity.plugin.study.Study;
import dev.capacity.simulator.Simulator;
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
   * Stop a probe as soon as the SLO verdicts of the searches that asked for it are certain to fail (same
   * capacities, much faster on overloaded probes); such probes are marked {@code stoppedEarly} in their
   * outputs, which then hold only the verdicts decided by then. A search that needs another verdict runs
   * the probe again, stopped on both.
   */
  @Parameter(property = "capacity.earlyStop", defaultValue = "true")
  boolean earlyStop;

  /**
   * Let idle threads run the probes a search may need next (both outcomes of its pending probe). Same
   * results; faster when there are fewer searches than threads. Only without early stop: where an
   * early-stopped probe ends depends on the searches that ask for it, and a speculative probe is run
   * before any has.
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

  /**
   * Where probes run: {@code local} (a thread pool of this JVM) or {@code hazelcast} (the members of an
   * existing Hazelcast cluster, joined as a client; see the site's distributed page). Same results.
   */
  @Parameter(property = "capacity.executor", defaultValue = "local")
  String executor;

  /** With {@code capacity.executor=hazelcast}: members to connect to, comma separated {@code host:port}. */
  @Parameter(property = "capacity.hazelcast.addresses", defaultValue = "127.0.0.1:5701")
  String hazelcastAddresses;

  /** With {@code capacity.executor=hazelcast}: the cluster's name. */
  @Parameter(property = "capacity.hazelcast.clusterName", defaultValue = "dev")
  String hazelcastClusterName;

  /**
   * Run every search with this many arrival seeds (the study's seed, seed+1, ...) to measure how much
   * capacities move by chance: {@code results.json} gets each job's values and spread (min, max,
   * standard deviation, range relative to the mean), {@code results.csv} and {@code summary.md} show it,
   * and {@code capacity.gateOnNoise} can require a loss to exceed it. The study's results stay those of
   * the first seed; the others run into {@code <outputDirectory>/seeds/seed-<n>/}.
   */
  @Parameter(property = "capacity.seeds", defaultValue = "1")
  int seeds;

  /** Where probes run; Hazelcast classes are loaded only when it is chosen. */
  ProbeExecutor.Factory executors() throws MojoFailureException {
    String kind = executor == null || executor.isBlank() ? "local" : executor.trim();
    switch (kind) {
      case "local":
        return LocalProbeExecutor::new;
      case "hazelcast":
        if (profiles != null) {
          throw new MojoFailureException("capacity: capacity.profiles is not supported with"
              + " capacity.executor=hazelcast (members use the profiles bundled with the simulator)");
        }
        List<String> addresses = new ArrayList<>();
        for (String a : hazelcastAddresses.split(",")) {
          if (!a.isBlank()) {
            addresses.add(a.trim());
          }
        }
        return dev.capacity.plugin.distributed.HazelcastProbeExecutor.factory(
            addresses, hazelcastClusterName, threads, listener());
      default:
        throw new MojoFailureException("capacity: unknown capacity.executor '" + kind + "': local or hazelcast");
    }
  }

  @Override
  void executeGoal() throws MojoExecutionException, MojoFailureException {
    Shard part;
    try {
      part = shard == null || shard.isBlank() ? null : Shard.parse(shard);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("capacity: " + e.getMessage());
    }
    if (seeds < 1) {
      throw new MojoFailureException("capacity: capacity.seeds must be 1 or more (seeds per search), got " + seeds);
    }
    if (seeds > 1 && part != null) {
      throw new MojoFailureException("capacity: capacity.seeds=" + seeds + " does not combine with capacity.shard"
          + " (the spread is measured over whole searches); run the seeds unsharded");
    }
    ProbeExecutor.Factory executors = executors();
    // a line at once: reading the study and parsing its traces take seconds before the runner's first line
    long started = System.nanoTime();
    getLog().info("capacity: reading " + config.getName() + " and checking its models, devices and traces");
    Simulator simulator = simulator();
    Study study = readStudy(simulator);
    getLog().info(String.format(java.util.Locale.ROOT, "capacity: study read and checked in %d ms",
        (System.nanoTime() - started) / 1_000_000));
    List<Job> grid = JobGrid.expand(study);
    if (grid.isEmpty()) {
      throw new MojoFailureException("capacity: the study " + config + " expands to zero valid jobs");
    }
    List<Job> jobs = part == null ? grid : ShardPlan.jobsOf(grid, part, study.settings());
    // a shard has no gate; an unsharded run checks its baseline before simulating anything
    Baseline base = part == null ? checkBaseline() : null;
    if (base != null && grid.stream().noneMatch(j -> base.capacities().containsKey(j.key())
        || base.capacities().containsKey(LegacyKeys.of(j.key())))) {
      getLog().warn("capacity: the baseline " + baseline + " has none of the study's " + grid.size()
          + " job key(s); the gate will fail after the searches (changed job keys, or another study's baseline?)");
    }
    int poolSize = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    Path out = part == null ? outputDirectory.toPath() : outputDirectory.toPath().resolve(part.dirName());
    if (part != null) {
      getLog().info("capacity: shard " + part + ": " + jobs.size() + " of " + grid.size() + " jobs ("
          + JobGrid.bySimulation(jobs).size() + " of " + JobGrid.bySimulation(grid).size()
          + " simulation groups) into " + out);
    }
    try (OutputLock lock = lockOutput(out, "capacity:search")) {
      runAndPublish(study, grid, jobs, part, out, poolSize, simulator, executors);
    } catch (IOException e) {
      throw new MojoExecutionException("capacity: cannot release the lock of " + out + ": " + e.getMessage(), e);
    }
  }

  private void runAndPublish(Study study, List<Job> grid, List<Job> jobs, Shard part, Path out, int poolSize,
      Simulator simulator, ProbeExecutor.Factory executors) throws MojoExecutionException, MojoFailureException {
    StudyResults results;
    try {
      writeStudyJson(out);
      Json.writeAtomically(out.resolve("args.json"), args(poolSize));
      results =
          new StudyRunner(study, jobs, simulator,
                  new StudyRunner.Options(out, poolSize, writeRequestMetrics, pluginVersion(), earlyStop, speculate), listener(),
                  executors)
              .run();
      if (part != null) {
        ShardResults.of(part, grid, results).write(out);
      } else if (seeds > 1) {
        results = otherSeeds(study, jobs, results, out, poolSize, simulator, executors);
      }
    } catch (StudyRunException e) {
      throw new MojoFailureException("capacity: " + e.getMessage());
    } catch (ExecutorUnavailableException e) {
      throw new MojoExecutionException("capacity: " + e.getMessage(), e);
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

  /**
   * Runs the study again with seeds seed+1 ... seed+N-1, each into {@code seeds/seed-<n>/} (its own probe
   * folders, so reruns reuse them), and returns the first seed's results with the spread over all.
   */
  private StudyResults otherSeeds(Study study, List<Job> jobs, StudyResults first, Path out, int poolSize,
      Simulator simulator, ProbeExecutor.Factory executors) throws StudyRunException, IOException {
    long base = study.settings().seed();
    List<Long> seedList = new ArrayList<>(List.of(base));
    List<StudyResults> runs = new ArrayList<>(List.of(first));
    for (int i = 1; i < seeds; i++) {
      long s = base + i;
      Path dir = out.resolve("seeds").resolve("seed-" + s);
      getLog().info("capacity: seed " + (i + 1) + " of " + seeds + " (" + s + ") into " + dir);
      StudyResults r = new StudyRunner(withSeed(study, s), jobs, simulator,
              new StudyRunner.Options(dir, poolSize, writeRequestMetrics, pluginVersion(), earlyStop, speculate),
              listener(), executors)
          .run();
      dev.capacity.plugin.results.ResultsWriter.write(dir, r);
      seedList.add(s);
      runs.add(r);
    }
    SeedSpread spread = SeedSpread.of(seedList, runs);
    spread.jobs().forEach((key, j) -> getLog().info("capacity: seed spread " + dev.capacity.plugin.ci.SummaryMarkdown.spreadText(j) + " for " + key));
    return first.withSeedSpread(spread);
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
    if (seeds > 1) {
      args.put("seeds", seeds);
    }
    if (executor != null && !executor.isBlank() && !"local".equals(executor.trim())) {
      args.put("executor", executor.trim());
    }
    if (shard != null && !shard.isBlank()) {
      args.put("shard", shard.trim());
    }
    return args;
  }
}
