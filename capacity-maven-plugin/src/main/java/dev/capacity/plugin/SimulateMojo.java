package dev.capacity.plugin;

import dev.capacity.plugin.grid.Job;
import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.report.Metrics;
import dev.capacity.plugin.report.PlotWriter;
import dev.capacity.plugin.report.SloText;
import dev.capacity.plugin.results.JobLabels;
import dev.capacity.plugin.results.Numbers;
import dev.capacity.plugin.run.JobConfigs;
import dev.capacity.plugin.search.Probe;
import dev.capacity.plugin.study.Study;
import dev.capacity.plugin.study.SloVerdict;
import dev.capacity.simulator.SimulationConfig;
import dev.capacity.simulator.SimulationInputException;
import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.engine.Simulation;
import dev.capacity.simulator.engine.SimulationOutcome;
import dev.capacity.simulator.metrics.MetricsStore;
import dev.capacity.simulator.metrics.Quantiles;
import dev.capacity.simulator.metrics.RequestMetric;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * One simulation of one job of the study, for a quick look at a configuration: prints the key
 * percentiles and the SLO verdict, and writes the simulator's outputs under
 * {@code <outputDirectory>/simulate/<job hash>/r<n>_q<qps>/}.
 */
@Mojo(name = "simulate", threadSafe = true, requiresDependencyResolution = ResolutionScope.RUNTIME)
public final class SimulateMojo extends AbstractCapacityMojo {
  /** The job: its index in the grid (0 = first), its 8-hex hash, or a prefix of it naming one job. */
  @Parameter(property = "capacity.job", defaultValue = "0")
  String job;

  /** Request rate; defaults to the job's search config {@code qps}. */
  @Parameter(property = "capacity.qps")
  Double qps;

  /** Replicas; defaults to the job's search config {@code num_replicas}. */
  @Parameter(property = "capacity.replicas")
  Integer replicas;

  /** Draw the latency CDFs as {@code plots/<metric>.svg} next to the simulation's quantile tables. */
  @Parameter(property = "capacity.plots", defaultValue = "true")
  boolean plots;

  @Override
  void executeGoal() throws MojoExecutionException, MojoFailureException {
    Simulator simulator = simulator();
    Study study = readStudy(simulator);
    List<Job> jobs = JobGrid.expand(study);
    Job chosen = pick(jobs);
    Probe probe =
        new Probe(replicas != null ? replicas : chosen.search().numReplicas(),
            qps != null ? qps : chosen.search().qps().value());
    SimulationConfig config = JobConfigs.simulation(chosen, probe, study.settings());
    getLog().info("capacity: simulating " + JobLabels.ofJobs(jobs).get(jobs.indexOf(chosen)) + " at " + probe.replicas()
        + " replicas, " + Numbers.format(probe.qps()) + " QPS");
    if (getLog().isDebugEnabled()) {
      getLog().debug("capacity: job key " + chosen.key());
    }
    SimulationOutcome outcome;
    try {
      outcome = new Simulation(simulator.prepare(config)).run();
    } catch (SimulationInputException e) {
      throw new MojoFailureException("capacity: " + e.getMessage());
    }
    Path dir = outputDirectory.toPath().resolve("simulate").resolve(chosen.hash()).resolve(probe.folderName());
    Simulator.writeOutputs(dir, config, outcome);
    if (plots) {
      try {
        int n = PlotWriter.write(dir.resolve("plots"));
        getLog().info("capacity: drew " + n + " CDF chart(s) into " + dir.resolve("plots"));
      } catch (java.io.IOException | RuntimeException e) {
        getLog().warn("capacity: cannot draw the plots of " + dir + ": " + e.getMessage());
      }
    }
    MetricsStore m = outcome.metrics();
    getLog().info(String.format(Locale.ROOT, "capacity: %d requests, %d completed, %d unfinished, simulated %.1f s",
        m.numRequests(), m.numCompleted(), m.numUnfinished(), outcome.endTime()));
    for (String metric : List.of("prefill_e2e_time", "decode_time_execution_plus_preemption_normalized",
        "request_e2e_time")) {
      double[] v = m.completed(RequestMetric.byColumn(metric));
      Arrays.sort(v);
      String unit = Metrics.unit(metric);
      getLog().info(String.format(Locale.ROOT, "  %s: p50 %s %s, p90 %s %s, p99 %s %s (completed requests)",
          SloText.metric(metric), Metrics.value(Quantiles.ofSorted(v, 0.5)), unit,
          Metrics.value(Quantiles.ofSorted(v, 0.9)), unit, Metrics.value(Quantiles.ofSorted(v, 0.99)), unit));
    }
    SloVerdict verdict = chosen.slo().judge(m);
    List<String> slo = SloText.lines(chosen.slo(), verdict);
    getLog().info("  SLO " + verdict.sloConfig() + ": " + (slo.size() == 1 ? slo.get(0) : ""));
    if (slo.size() > 1) {
      slo.forEach(line -> getLog().info("    " + line));
    }
    getLog().info("capacity: outputs in " + dir);
  }

  private Job pick(List<Job> jobs) throws MojoFailureException {
    if (jobs.isEmpty()) {
      throw new MojoFailureException("capacity: the study " + config + " expands to zero valid jobs");
    }
    // the full hash, or the 6-digit prefix progress lines show when it names one job
    List<Job> byHash = jobs.stream().filter(j -> job.length() >= 4 && j.hash().startsWith(job)).toList();
    if (byHash.size() == 1) {
      return byHash.get(0);
    }
    try {
      int index = Integer.parseInt(job);
      if (index >= 0 && index < jobs.size()) {
        return jobs.get(index);
      }
    } catch (NumberFormatException ignored) {
      // not an index: fall through to the error
    }
    throw new MojoFailureException("capacity: no job '" + job + "'; allowed: an index 0.." + (jobs.size() - 1)
        + " or one of the job hashes (see results.csv)");
  }
}
