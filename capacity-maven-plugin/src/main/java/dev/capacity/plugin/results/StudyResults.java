package dev.capacity.plugin.results;

import java.util.List;
import java.util.Map;

/**
 * Everything a search produced, as written to {@code results.json}: no timestamps, no paths outside the
 * output directory, so the same study and seed give the same bytes.
 *
 * @param fingerprint SHA-256 over the study file, the effective settings and the plugin version
 */
public record StudyResults(
    int schemaVersion,
    String pluginVersion,
    String study,
    String fingerprint,
    Map<String, Object> settings,
    List<JobResult> jobs) {
  public static final int SCHEMA_VERSION = 1;
}
