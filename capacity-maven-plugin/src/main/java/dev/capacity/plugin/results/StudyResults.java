package dev.capacity.plugin.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Everything a search produced, as written to {@code results.json}: no timestamps, no paths outside the
 * output directory, so the same study and seed give the same bytes.
 *
 * @param fingerprint SHA-256 over the study file, the effective settings and the plugin version
 * @param inputs what the probes' fingerprints cover (code, traces, profiles by content); null in
 *     results written before they were recorded
 * @param seedSpread with {@code capacity.seeds} above 1: each job's values over the seeds and their
 *     spread; null (and absent from results.json) otherwise
 */
public record StudyResults(
    int schemaVersion,
    String pluginVersion,
    String study,
    String fingerprint,
    StudyInputs inputs,
    Map<String, Object> settings,
    List<JobResult> jobs,
    @JsonInclude(JsonInclude.Include.NON_NULL) SeedSpread seedSpread) {
  public static final int SCHEMA_VERSION = 1;

  /** Results of one seed. */
  public StudyResults(int schemaVersion, String pluginVersion, String study, String fingerprint,
      StudyInputs inputs, Map<String, Object> settings, List<JobResult> jobs) {
    this(schemaVersion, pluginVersion, study, fingerprint, inputs, settings, jobs, null);
  }

  /** Results without recorded inputs (tests, report fixtures). */
  public StudyResults(int schemaVersion, String pluginVersion, String study, String fingerprint,
      Map<String, Object> settings, List<JobResult> jobs) {
    this(schemaVersion, pluginVersion, study, fingerprint, null, settings, jobs);
  }

  /** The same results with other jobs (a shard's, or merged shards'). */
  public StudyResults withJobs(StudyInputs mergedInputs, List<JobResult> newJobs) {
    return new StudyResults(schemaVersion, pluginVersion, study, fingerprint, mergedInputs, settings, newJobs,
        seedSpread);
  }

  /** The same results with the spread measured over several seeds. */
  public StudyResults withSeedSpread(SeedSpread spread) {
    return new StudyResults(schemaVersion, pluginVersion, study, fingerprint, inputs, settings, jobs, spread);
  }
}
