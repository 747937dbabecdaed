package dev.capacity.plugin;

import dev.capacity.plugin.results.Baseline;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.run.OutputLock;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Gates the last search's results against another run's {@code results.json} instead of a checked-in
 * baseline: typically the base branch's, downloaded from its CI run, so a pull request is compared with
 * what it changes and no baseline goes stale. Same verdicts, tolerance and messages as the baseline gate
 * (a reference matching none of the jobs fails, it never passes on nothing), and the same outputs:
 * report, {@code junit.xml}, {@code summary.md}. Runs no simulation.
 */
@Mojo(name = "compare", threadSafe = true)
public final class CompareMojo extends AbstractGateMojo {
  /** The {@code results.json} to compare with (e.g. the base branch's, from a CI artifact). */
  @Parameter(property = "capacity.compareTo")
  File compareTo;

  private Reference reference;

  @Override
  void executeGoal() throws MojoExecutionException, MojoFailureException {
    reference = readReference(); // a bad reference or history fails before anything is rewritten
    checkHistory();
    Path out = outputDirectory.toPath();
    Path file = out.resolve(ResultsWriter.JSON_FILE);
    if (!Files.isRegularFile(file)) {
      throw new MojoFailureException("capacity: no results at " + file
          + " to compare; run mvn verify (or mvn capacity:search) first, then mvn capacity:compare");
    }
    StudyResults results;
    try {
      results = ResultsWriter.read(file);
    } catch (IOException e) {
      throw new MojoFailureException("capacity: cannot read " + file + ": " + firstLine(e.getMessage()));
    }
    getLog().info("capacity: comparing " + file + " (" + results.jobs().size() + " jobs) with " + compareTo
        + " (" + reference.values().capacities().size() + " jobs with a capacity)");
    try (OutputLock lock = lockOutput(out, "capacity:compare")) {
      Object granularity = results.settings() == null ? null : results.settings().get("min_search_granularity_percent");
      publishAndGate(out, results, granularity instanceof Number n ? n.doubleValue() : 0);
    } catch (IOException e) {
      throw new MojoExecutionException("capacity: cannot release the lock of " + out + ": " + e.getMessage(), e);
    }
  }

  @Override
  Reference reference() {
    return reference;
  }

  /** The other run's gated values, as the baseline gate reads a baseline; one line per bad input. */
  Reference readReference() throws MojoFailureException {
    if (compareTo == null || compareTo.getPath().isBlank()) {
      throw new MojoFailureException("capacity: capacity.compareTo is not set: pass"
          + " -Dcapacity.compareTo=<results.json to compare with> (e.g. the base branch's, from a CI artifact)");
    }
    if (!compareTo.isFile()) {
      throw new MojoFailureException("capacity: capacity.compareTo: no file at " + compareTo);
    }
    StudyResults other;
    try {
      other = ResultsWriter.read(compareTo.toPath());
    } catch (IOException e) {
      throw new MojoFailureException("capacity: capacity.compareTo: " + compareTo + " is not a results.json: "
          + firstLine(e.getMessage()));
    }
    if (other == null || other.jobs() == null) {
      throw new MojoFailureException("capacity: capacity.compareTo: " + compareTo
          + " is not a results.json: no \"jobs\" list");
    }
    Baseline values = Baseline.from(other);
    if (values.capacities().isEmpty()) {
      // every job "new" would pass: a reference without values gates nothing
      throw new MojoFailureException("capacity: capacity.compareTo: none of the " + other.jobs().size()
          + " job(s) in " + compareTo + " has a capacity, so it gates nothing");
    }
    // no candidate note: a candidate baseline does not help a comparison
    return new Reference(values, compareTo.toPath(), "the results " + compareTo + " (capacity.compareTo)",
        "the compared results", "compared job",
        "compare with results of the same study: these cannot gate this change",
        "say so in the review (-Dcapacity.failOnRegression=false only warns); the reference moves when this"
            + " change is merged and its results become the base's", other.seedSpread());
  }

  private static String firstLine(String s) {
    return s == null ? "unreadable" : s.lines().findFirst().orElse(s);
  }
}
