package dev.capacity.plugin.shard;

import dev.capacity.plugin.grid.Job;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.run.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A shard's partial output, written as {@code shard-K-of-N/results.json}: which shard it is, the whole
 * grid it is a part of, a fingerprint of the study, and the results of its own jobs (with their grid
 * indexes), from which {@code capacity:merge} rebuilds the unsharded {@code results.json}.
 *
 * @param studyFingerprint over the results' study fingerprint (study file, plugin and model version),
 *     the effective settings (seed overrides included) and the grid's job keys: equal for every shard
 *     of one study run
 * @param grid every job of the full grid, in grid order
 * @param results this shard's jobs only, in grid order, each with its grid index
 */
public record ShardResults(
    int schemaVersion, int shard, int shards, String studyFingerprint, List<GridJob> grid, StudyResults results) {
  public static final int SCHEMA_VERSION = 1;

  /** One job of the full grid. */
  public record GridJob(String key, String hash) {}

  /** The partial output of {@code shard}, from the runner's results over this shard's jobs. */
  public static ShardResults of(Shard shard, List<Job> grid, StudyResults partial) {
    Map<String, Integer> index = new HashMap<>();
    List<GridJob> jobs = new ArrayList<>();
    for (Job j : grid) {
      index.put(j.key(), jobs.size());
      jobs.add(new GridJob(j.key(), j.hash()));
    }
    List<JobResult> reindexed = new ArrayList<>();
    for (JobResult j : partial.jobs()) {
      Integer i = index.get(j.key());
      if (i == null) {
        throw new IllegalArgumentException("job " + j.key() + " is not in the grid");
      }
      reindexed.add(j.withIndex(i));
    }
    StudyResults results = partial.withJobs(partial.inputs(), reindexed);
    return new ShardResults(SCHEMA_VERSION, shard.index(), shard.count(), fingerprint(partial, jobs), jobs, results);
  }

  static String fingerprint(StudyResults results, List<GridJob> grid) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(String.valueOf(results.fingerprint()).getBytes(StandardCharsets.UTF_8));
      sha.update(Json.MAPPER.writeValueAsBytes(results.settings()));
      for (GridJob j : grid) {
        sha.update((j.key() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot fingerprint the study: " + e.getMessage(), e);
    }
  }

  /** Which shard this is. */
  public Shard id() {
    return new Shard(shard, shards);
  }

  /** Writes {@code results.json} (this record) and the shard's own {@code results.csv} into {@code dir}. */
  public void write(Path dir) throws IOException {
    Json.writeAtomically(dir.resolve(ResultsWriter.JSON_FILE), this);
    ResultsWriter.writeCsv(dir, results);
  }

  public static ShardResults read(Path dir) throws IOException {
    return Json.MAPPER.readValue(dir.resolve(ResultsWriter.JSON_FILE).toFile(), ShardResults.class);
  }
}
