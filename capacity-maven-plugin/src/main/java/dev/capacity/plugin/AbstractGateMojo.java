package dev.capacity.plugin;

import dev.capacity.plugin.ci.CiOutputs;
import dev.capacity.plugin.history.TrendChart;
import dev.capacity.plugin.results.Baseline;
import dev.capacity.plugin.results.BaselineException;
import dev.capacity.plugin.results.BaselineGate;
import dev.capacity.plugin.results.CapacityTable;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.Lines;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.run.OutputLock;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Goals that end with a whole study's results ({@code search}, {@code merge}): they write
 * {@code results.json}, {@code results.csv} and the report, then gate against the baseline. Reports are
 * written before the gate decides, so a failed build still leaves them.
 */
abstract class AbstractGateMojo extends AbstractCapacityMojo {
  /**
   * Checked-in capacities to gate against, read and checked before any simulation runs: a malformed
   * file (not JSON, no or an empty "capacities" map, a value that is not a positive number, a
   * schemaVersion other than 1) fails the build at once.
   */
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

  /**
   * Fail when the baseline is missing or lacks a value for any job that has one (suits CI: a deleted
   * baseline or a new job cannot pass silently); otherwise warn and write a candidate baseline.
   */
  @Parameter(property = "capacity.failOnMissingBaseline", defaultValue = "false")
  boolean failOnMissingBaseline;

  /**
   * Also draw every simulation's latency CDFs as {@code plots/<metric>.svg} next to its quantile tables
   * (off by default: a search simulates many probes).
   */
  @Parameter(property = "capacity.plots", defaultValue = "false")
  boolean plots;

  /**
   * Count a drop as a regression only when it exceeds the job's seed spread too (the relative range of
   * its capacities over {@code capacity.seeds}), not only the tolerance: a change within what seeds alone
   * move is noise. Needs results measured with {@code capacity.seeds} of 2 or more.
   */
  @Parameter(property = "capacity.gateOnNoise", defaultValue = "false")
  boolean gateOnNoise;

  /**
   * A folder of earlier {@code results.json} files (any names ending in {@code .json}, ordered by file
   * name, e.g. {@code 2026-12-01.json}): drawn with this run as the last point into
   * {@code report/trend.svg}, one line per job.
   */
  @Parameter(property = "capacity.history")
  File history;

  /** The baseline as {@link #checkBaseline()} read it; null when there is no file. */
  private Baseline checkedBaseline;

  private boolean baselineChecked;

  /**
   * Reads and checks the baseline; goals call it before any simulation runs, so a malformed one fails
   * in seconds rather than after the study. {@link #publishAndGate} gates against what it read.
   *
   * @return the baseline, or null when there is no file
   */
  Baseline checkBaseline() throws MojoFailureException {
    checkHistory(); // the gate's other input: a bad history folder fails now, not after the study
    if (!baselineChecked) {
      try {
        checkedBaseline = baseline.isFile() ? Baseline.read(baseline.toPath()) : null;
      } catch (BaselineException e) {
        throw new MojoFailureException("capacity: " + e.getMessage());
      }
      baselineChecked = true;
    }
    return checkedBaseline;
  }

  /** Reads the {@code capacity.history} folder, if given, so that a bad one fails before any work. */
  void checkHistory() throws MojoFailureException {
    if (history != null) {
      try {
        TrendChart.read(history.toPath());
      } catch (TrendChart.HistoryException e) {
        throw new MojoFailureException("capacity: capacity.history: " + e.getMessage());
      }
    }
  }

  /**
   * Writes the results and reports into {@code out}, then fails on failed searches and gates against
   * the baseline {@link #checkBaseline()} read.
   *
   * @param granularityPercent the study's {@code min_search_granularity} (percent)
   */
  void publishAndGate(Path out, StudyResults results, double granularityPercent)
      throws MojoExecutionException, MojoFailureException {
    Reference ref = reference(); // read already, unless a goal forgot to check it up front
    double effectiveTolerance = Math.max(tolerance, granularityPercent / 100);
    // compare before writing the report, so the report shows the gate's verdicts; the gate throws later
    List<BaselineGate.Comparison> comparisons = ref == null ? null
        : BaselineGate.compare(results, ref.values(), effectiveTolerance, noise(results, ref));
    try {
      ResultsWriter.write(out, results);
      writeTrend(out, results); // before the report, which shows it
      afterResults(out, results, comparisons, effectiveTolerance);
    } catch (IOException e) {
      throw new MojoExecutionException("capacity: " + e.getMessage(), e);
    }
    GateOutcome outcome = gate(out, results, comparisons, effectiveTolerance, ref);
    writeCiOutputs(out, results, comparisons, effectiveTolerance, ref, outcome.ofNoJob());
    getLog().info("capacity: results in " + out.resolve(ResultsWriter.JSON_FILE) + " and "
        + out.resolve(ResultsWriter.CSV_FILE) + "; report " + out.resolve(Reports.REPORT_DIR).resolve(Reports.INDEX)
        + "; for CI " + out.resolve(CiOutputs.JUNIT_FILE) + " and " + out.resolve(CiOutputs.SUMMARY_FILE));
    failOnSearchErrors(results);
    if (!outcome.failures().isEmpty()) {
      throw new MojoFailureException(String.join("\n", outcome.failures()));
    }
  }

  /**
   * The gate's decision: every failure of the build (empty: it passes), and those that belong to no
   * single job (junit.xml shows them as one more failed case).
   */
  private record GateOutcome(List<String> failures, List<String> ofNoJob) {}

  /**
   * What the gate compares with. The checked-in baseline here; {@code capacity:compare} gives another
   * run's results instead. Null when there is nothing to compare with (no baseline file).
   */
  Reference reference() throws MojoFailureException {
    Baseline base = checkBaseline();
    if (base == null) {
      return null;
    }
    String update = "run mvn capacity:update-baseline" + Reference.CANDIDATE + " and commit " + baseline.getName();
    return new Reference(base, baseline.toPath(), "the baseline " + baseline, "the baseline", "baseline entry",
        update, update.replace(Reference.CANDIDATE, ""), null);
  }

  /**
   * A gate's reference.
   *
   * @param label "the baseline /path" or "the results /path (capacity.compareTo)", for messages
   * @param noun "the baseline" or "the compared results", @param entry what one of its values is called
   * @param acceptKeys what to do when the job keys changed on purpose; {@link #CANDIDATE} takes a candidate note
   * @param acceptLoss what to do when a loss is intended
   * @param seedSpread the reference's own seed spread, when it was measured (compare), else null
   */
  record Reference(Baseline values, Path file, String label, String noun, String entry, String acceptKeys,
      String acceptLoss, dev.capacity.plugin.results.SeedSpread seedSpread) {
    static final String CANDIDATE = "{candidate}";

    String acceptKeys(String candidateNote) {
      return acceptKeys.replace(CANDIDATE, candidateNote);
    }
  }

  /** Per job, the relative seed spread a loss must exceed (capacity.gateOnNoise), from both sides. */
  private Map<String, Double> noise(StudyResults results, Reference ref) {
    if (!gateOnNoise) {
      return Map.of();
    }
    if (results.seedSpread() == null && ref.seedSpread() == null) {
      getLog().warn("capacity: capacity.gateOnNoise=true but no seed spread was measured (run the search with"
          + " -Dcapacity.seeds=N, N >= 2): gating on the tolerance alone");
      return Map.of();
    }
    Map<String, Double> noise = new TreeMap<>();
    for (JobResult j : results.jobs()) {
      double mine = results.seedSpread() == null ? 0 : results.seedSpread().relativeRange(j.key());
      double theirs = ref.seedSpread() == null ? 0 : ref.seedSpread().relativeRange(j.key());
      noise.put(j.key(), Math.max(mine, theirs));
    }
    return noise;
  }

  private void writeCiOutputs(Path out, StudyResults results, List<BaselineGate.Comparison> comparisons,
      double effectiveTolerance, Reference ref, List<String> ofNoJob) throws MojoExecutionException {
    try {
      CiOutputs.write(out, results, comparisons, effectiveTolerance, ref == null ? null : display(ref.file()),
          ofNoJob);
    } catch (IOException e) {
      throw new MojoExecutionException("capacity: cannot write the CI outputs into " + out + ": " + e.getMessage(), e);
    }
  }

  /** A path relative to the project directory when under it (the CI outputs stay the same on any machine). */
  String display(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    if (project != null && project.getBasedir() != null) {
      Path base = project.getBasedir().toPath().toAbsolutePath().normalize();
      if (abs.startsWith(base)) {
        return base.relativize(abs).toString().replace('\\', '/');
      }
    }
    return abs.getFileName().toString();
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

  /** {@code report/trend.svg} over capacity.history, when given. */
  private void writeTrend(Path out, StudyResults results) throws IOException, MojoExecutionException {
    Path dir = out.resolve(Reports.REPORT_DIR);
    if (history == null) {
      return;
    }
    try {
      Path svg = TrendChart.write(history.toPath(), results, dir);
      getLog().info("capacity: trend over " + history + " in " + svg);
    } catch (TrendChart.HistoryException e) {
      throw new MojoExecutionException("capacity: capacity.history: " + e.getMessage());
    }
  }

  /** Reports written from the same results, before the gate decides: the HTML report and optional plots. */
  void afterResults(Path out, StudyResults results, List<BaselineGate.Comparison> comparisons,
      double effectiveTolerance) throws IOException {
    Reports.write(out, results, comparisons, effectiveTolerance, getLog()::warn, history != null);
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

  /** Logs the gate's verdicts; returns the build's failures (none: the build passes). */
  private GateOutcome gate(Path out, StudyResults results, List<BaselineGate.Comparison> comparisons,
      double effectiveTolerance, Reference ref) throws MojoExecutionException {
    List<String> failures = new ArrayList<>();
    List<String> gateLevel = new ArrayList<>();
    if (comparisons == null) {
      logTable(results, null);
      Path candidate = writeCandidate(out, results);
      String message = candidate == null
          ? "capacity: no baseline at " + baseline + ", and no job has a capacity to record in one"
          : "capacity: no baseline at " + baseline + "; wrote a candidate to " + candidate
              + " (check it in as " + baseline.getName() + ", or run mvn capacity:update-baseline)";
      if (failOnMissingBaseline) {
        failures.add(message);
        gateLevel.add(message);
      } else {
        getLog().warn(message);
      }
      return new GateOutcome(failures, gateLevel);
    }
    BaselineGate.Findings findings = BaselineGate.Findings.of(comparisons);
    for (BaselineGate.Comparison c : comparisons) {
      String line = c.describe(effectiveTolerance);
      switch (c.verdict()) {
        case REGRESSED -> getLog().error(line);
        case IMPROVED, NEW -> getLog().info(line);
        case MISSING -> getLog().warn(line);
        case OK -> {
          if (getLog().isDebugEnabled()) {
            getLog().debug(line);
          }
        }
      }
    }
    getLog().info("capacity: " + findings.summary(effectiveTolerance));
    String legacy = BaselineGate.legacyNote(comparisons);
    if (legacy != null) {
      getLog().warn(legacy);
    }
    // a reference must gate something, and with failOnMissingBaseline every job must be in it
    if (findings.noneMatched()) {
      String candidate = candidateNote(out, results);
      String message = "capacity: " + ref.label() + " matches none of the study's " + results.jobs().size()
          + " job(s), so it gates nothing (" + findings.fresh().size() + " study job(s) not in it, "
          + findings.stale().size() + " entr(ies) not in the study):\n  "
          + String.join("\n  ", findings.unmatchedLines(ref.noun(), ref.entry()))
          + "\nIf the job keys changed on purpose, " + ref.acceptKeys(candidate);
      failures.add(message);
      gateLevel.add(message);
    } else if (failOnMissingBaseline && !findings.lackingValues().isEmpty()) {
      String candidate = candidateNote(out, results);
      List<String> lines = findings.lackingValues().stream()
          .map(c -> "no baseline value for " + c.key() + " [" + c.hash() + "]").toList();
      String message = "capacity: " + lines.size() + " job(s) have no value in " + ref.label()
          + " (capacity.failOnMissingBaseline=true):\n  " + String.join("\n  ", Lines.clip(lines, 20))
          + "\n" + capitalized(ref.acceptKeys(candidate));
      failures.add(message);
      gateLevel.add(message);
    }
    if (!findings.regressed().isEmpty()) {
      List<String> regressions = findings.regressed().stream().map(c -> c.describe(effectiveTolerance)).toList();
      String message = "capacity: " + regressions.size() + " job(s) lost capacity against " + ref.file() + ":\n  "
          + String.join("\n  ", regressions) + "\nReport: "
          + out.resolve(Reports.REPORT_DIR).resolve(Reports.INDEX)
          + "\nIf the change is intended, " + ref.acceptLoss();
      if (failOnRegression) {
        failures.add(message);
      } else {
        getLog().warn(message);
      }
    }
    logTable(results, comparisons);
    return new GateOutcome(failures, gateLevel);
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** The capacities at a glance, last before the verdict. */
  private void logTable(StudyResults results, List<BaselineGate.Comparison> comparisons) {
    getLog().info("capacity: capacities" + (comparisons == null ? "" : " and change against the baseline") + ":");
    CapacityTable.lines(results, comparisons).forEach(getLog()::info);
  }

  /** " (a candidate is in ...)", or "" when no job has a capacity to record. */
  private String candidateNote(Path out, StudyResults results) throws MojoExecutionException {
    Path candidate = writeCandidate(out, results);
    return candidate == null ? "" : " (a candidate is in " + candidate + ")";
  }

  /**
   * Writes {@code baseline.candidate.json}: what update-baseline would write. Null, and nothing written,
   * when no job has a capacity (an empty baseline gates nothing, so the gate refuses it).
   */
  private Path writeCandidate(Path out, StudyResults results) throws MojoExecutionException {
    Path candidate = out.resolve("baseline.candidate.json");
    Baseline from = Baseline.from(results);
    try {
      if (from.capacities().isEmpty()) {
        Files.deleteIfExists(candidate); // an earlier run's would look like this one's
        return null;
      }
      from.write(candidate);
    } catch (IOException e) {
      throw new MojoExecutionException("capacity: cannot write " + candidate + ": " + e.getMessage(), e);
    }
    return candidate;
  }
}
