package dev.capacity.plugin;

import dev.capacity.plugin.results.Baseline;
import dev.capacity.plugin.results.BaselineException;
import dev.capacity.plugin.results.LegacyKeys;
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

  /**
   * One line when the baseline being replaced had keys from before job keys named num_replicas that the
   * new one carries under their current key, or null.
   */
  private String migrated(Baseline fresh) {
    if (!baseline.isFile()) {
      return null;
    }
    Baseline old;
    try {
      old = Baseline.read(baseline.toPath());
    } catch (BaselineException e) {
      return null; // replaced anyway; nothing to explain key by key
    }
    long n = fresh.capacities().keySet().stream()
        .filter(k -> !old.capacities().containsKey(k) && old.capacities().containsKey(LegacyKeys.of(k))).count();
    return n == 0 ? null : "capacity: rewrote " + n + " job key(s) of the old baseline with their replica count"
        + " (_searchqps_q1_... is now _searchqps_r<num_replicas>_q1_...): job keys name num_replicas, so"
        + " searches differing only in it are distinct jobs";
  }

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
      String migrated = migrated(b);
      b.write(baseline.toPath());
      if (migrated != null) {
        getLog().info(migrated);
      }
      long without = r.jobs().size() - b.capacities().size();
      getLog().info("capacity: wrote " + b.capacities().size() + " job capacities to " + baseline
          + (without == 0 ? "" : " (" + without + " job(s) without one left out)"));
    } catch (IOException e) {
      throw new MojoExecutionException("capacity: cannot update the baseline: " + e.getMessage(), e);
    }
  }
}
