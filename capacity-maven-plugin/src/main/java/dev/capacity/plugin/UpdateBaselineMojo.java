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

/** Rewrites the checked-in baseline from the last search's results (never runs a search itself). */
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
      b.write(baseline.toPath());
      getLog().info("capacity: wrote " + b.capacities().size() + " job capacities to " + baseline);
    } catch (IOException e) {
      throw new MojoExecutionException("capacity: cannot update the baseline: " + e.getMessage(), e);
    }
  }
}
