package dev.capacity.plugin;

import dev.capacity.plugin.results.Baseline;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.results.StudyResults;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Rewrites the checked-in baseline from the last search's results (never runs a search itself): for
 * every job, the value the gate reads ({@link dev.capacity.plugin.results.BaselineGate#gated}): max QPS,
 * min replicas, or for isoqps the highest QPS up to which every multiplier passed. Jobs without one
 * (nothing passed) are left out; if no job has one, nothing is written.
 */
@Mojo(name = "update-baseline", threadSafe = true)
public final class UpdateBaselineMojo extends AbstractCapacityMojo {
  @Parameter(property = "capacity.baseline", defaultValue = "${project.basedir}/src/capacity/baseline.json")
  File baseline;

  @Override
  void executeGoal() throws MojoExecutionException, MojoFailureException {
    Path results = outputDirectory.toPath().resolve(ResultsWriter.JSON_FILE);
    if (!Files.isRegularFile(results)) {
      throw new MojoFailureException("capacity: no results at " + results
          + "; run mvn verify (or mvn capacity:search) first, then mvn capacity:update-baseline");
    }
    try {
      StudyResults r = ResultsWriter.read(results);
      Baseline b = Baseline.from(r);
      if (b.capacities().isEmpty()) {
        // the gate refuses an empty baseline (it would pass anything), so do not write one
        throw new MojoFailureException("capacity: none of the " + r.jobs().size() + " job(s) in " + results
            + " has a capacity to record (see their status in results.csv); " + baseline + " left unchanged");
      }
      b.write(baseline.toPath());
      long without = r.jobs().size() - b.capacities().size();
      getLog().info("capacity: wrote " + b.capacities().size() + " job capacities to " + baseline
          + (without == 0 ? "" : " (" + without + " job(s) without one left out)"));
    } catch (IOException e) {
      throw new MojoExecutionException("capacity: cannot update the baseline: " + e.getMessage(), e);
    }
  }
}
