package dev.capacity.plugin.shard;

import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.results.StudyInputs;
import dev.capacity.plugin.results.StudyResults;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Combines the N partial outputs of a sharded run into the results of the whole grid, in grid order:
 * the same {@code results.json} as an unsharded run of the study. Refuses (naming the folders) a
 * missing or duplicated shard, shards of different N and shards of different studies.
 */
public final class ShardMerger {
  private ShardMerger() {}

  /** The merged results and the shard folders they came from, in shard order. */
  public record Merged(StudyResults results, List<Path> shardDirs) {}

  /**
   * The shard folders named by {@code spec}: comma-separated folders or globs ({@code *}, {@code ?},
   * {@code [..]}, <code>{..}</code>), relative ones against {@code base}; sorted, without repeats.
   */
  public static List<Path> resolve(Path base, String spec) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String entry : spec.split(",")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      Path p = base.resolve(e).normalize();
      int glob = -1;
      for (int i = 0; i < p.getNameCount() && glob < 0; i++) {
        if (p.getName(i).toString().matches(".*[*?\\[{].*")) {
          glob = i;
        }
      }
      if (glob < 0) {
        out.add(p);
        continue;
      }
      Path root = p.getRoot() == null ? Path.of("") : p.getRoot();
      Path dir = glob == 0 ? root : root.resolve(p.subpath(0, glob));
      String pattern = p.subpath(glob, p.getNameCount()).toString().replace('\\', '/');
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(dir, p.getNameCount() - glob)) {
        walk.filter(Files::isDirectory)
            .filter(x -> !x.equals(dir) && matcher.matches(dir.relativize(x)))
            .forEach(out::add);
      }
    }
    return out.stream().distinct().sorted().toList();
  }

  /** Reads and checks the shard outputs in {@code dirs}; merges them in grid order. */
  public static Merged merge(List<Path> dirs) throws ShardMergeException {
    List<String> problems = new ArrayList<>();
    if (dirs.isEmpty()) {
      throw new ShardMergeException(List.of("no shard outputs to merge (expected the shard-K-of-N folders"
          + " written by mvn verify -Dcapacity.shard=K/N)"));
    }
    Map<Path, ShardResults> read = new LinkedHashMap<>();
    for (Path dir : dirs) {
      if (!Files.isRegularFile(dir.resolve(ResultsWriter.JSON_FILE))) {
        problems.add(dir + " holds no " + ResultsWriter.JSON_FILE + ": not a shard output (expected the"
            + " shard-K-of-N folder written by mvn verify -Dcapacity.shard=K/N)");
        continue;
      }
      try {
        ShardResults r = ShardResults.read(dir);
        if (r.shards() < 1 || r.shard() < 1 || r.shard() > r.shards() || r.results() == null || r.grid() == null) {
          problems.add(dir + "/" + ResultsWriter.JSON_FILE + " is not a shard's partial results (no shard K of N);"
              + " an unsharded run's results need no merge");
          continue;
        }
        read.put(dir, r);
      } catch (IOException e) {
        problems.add("cannot read " + dir.resolve(ResultsWriter.JSON_FILE) + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ShardMergeException(problems);
    }
    // one N
    Map<Integer, List<Path>> byCount = new TreeMap<>();
    read.forEach((d, r) -> byCount.computeIfAbsent(r.shards(), k -> new ArrayList<>()).add(d));
    if (byCount.size() > 1) {
      problems.add("shards of different N, expected every shard of one K/N matrix: "
          + byCount.entrySet().stream()
              .map(e -> "N = " + e.getKey() + " in " + describe(e.getValue(), read))
              .collect(Collectors.joining("; ")));
    }
    // one study: the first shard's fingerprint is the expected one
    ShardResults first = read.values().iterator().next();
    Path firstDir = read.keySet().iterator().next();
    for (Map.Entry<Path, ShardResults> e : read.entrySet()) {
      ShardResults r = e.getValue();
      if (!r.studyFingerprint().equals(first.studyFingerprint())) {
        problems.add("shard " + r.id() + " (" + e.getKey() + ") is of another study: fingerprint "
            + r.studyFingerprint() + " (" + r.results().study() + ", plugin " + r.results().pluginVersion()
            + ", " + r.grid().size() + " jobs), expected " + first.studyFingerprint() + " as shard "
            + first.id() + " (" + firstDir + ", " + first.results().study() + ", plugin "
            + first.results().pluginVersion() + ", " + first.grid().size()
            + " jobs); run every shard from the same commit, settings and plugin version");
      }
    }
    if (!problems.isEmpty()) {
      throw new ShardMergeException(problems);
    }
    int n = first.shards();
    // each K exactly once
    Map<Integer, List<Path>> byIndex = new TreeMap<>();
    read.forEach((d, r) -> byIndex.computeIfAbsent(r.shard(), k -> new ArrayList<>()).add(d));
    byIndex.forEach((k, ds) -> {
      if (ds.size() > 1) {
        problems.add("shard " + k + "/" + n + " given " + ds.size() + " times: "
            + ds.stream().map(Path::toString).collect(Collectors.joining(", "))
            + "; expected each of the " + n + " shards once");
      }
    });
    List<String> missing = new ArrayList<>();
    for (int k = 1; k <= n; k++) {
      if (!byIndex.containsKey(k)) {
        missing.add(k + "/" + n);
      }
    }
    if (!missing.isEmpty()) {
      problems.add("missing shard(s) " + String.join(", ", missing) + " of study " + first.results().study()
          + " (fingerprint " + first.studyFingerprint() + "): expected all " + n + " shards, found "
          + describe(new ArrayList<>(read.keySet()), read));
    }
    if (!problems.isEmpty()) {
      throw new ShardMergeException(problems);
    }
    // every grid job from exactly one shard
    Map<String, JobResult> byKey = new LinkedHashMap<>();
    Map<String, Path> from = new LinkedHashMap<>();
    List<Path> ordered = new ArrayList<>();
    for (List<Path> ds : byIndex.values()) {
      Path d = ds.get(0);
      ordered.add(d);
      for (JobResult j : read.get(d).results().jobs()) {
        Path other = from.putIfAbsent(j.key(), d);
        if (other != null) {
          problems.add("job " + j.key() + " is in two shards: " + other + " and " + d);
        }
        byKey.put(j.key(), j);
      }
    }
    List<JobResult> jobs = new ArrayList<>();
    for (int i = 0; i < first.grid().size(); i++) {
      ShardResults.GridJob g = first.grid().get(i);
      JobResult j = byKey.remove(g.key());
      if (j == null) {
        problems.add("job " + g.key() + " [" + g.hash() + "] of the grid is in no shard's results");
      } else {
        jobs.add(j.index() == i ? j : j.withIndex(i));
      }
    }
    byKey.keySet().forEach(k -> problems.add("job " + k + " (" + from.get(k) + ") is not in the study's grid"));
    if (!problems.isEmpty()) {
      throw new ShardMergeException(problems);
    }
    StudyResults h = first.results();
    StudyInputs inputs = h.inputs();
    for (Path d : ordered) {
      StudyInputs other = read.get(d).results().inputs();
      try {
        inputs = inputs == null || other == null ? null : inputs.union(other);
      } catch (IllegalArgumentException e) {
        problems.add("shard " + read.get(d).id() + " (" + d + ") was simulated from other inputs than shard "
            + first.id() + ": " + e.getMessage() + "; run every shard from the same commit and trace files");
      }
    }
    if (!problems.isEmpty()) {
      throw new ShardMergeException(problems);
    }
    return new Merged(h.withJobs(inputs, jobs), ordered);
  }

  private static String describe(List<Path> dirs, Map<Path, ShardResults> read) {
    return dirs.stream().map(d -> read.get(d).id() + " (" + d + ")").collect(Collectors.joining(", "));
  }

  /**
   * Copies every shard's {@code runs/<hash>/} folders (and the study's {@code config.json}) into
   * {@code outputDir}, replacing older copies, so the merged report's probe links and charts work.
   * Returns how many job folders were copied.
   */
  public static int copyRuns(List<Path> shardDirs, Path outputDir) throws IOException {
    int copied = 0;
    Path runs = outputDir.resolve("runs");
    for (Path shard : shardDirs) {
      Path from = shard.resolve("runs");
      if (from.toAbsolutePath().normalize().equals(runs.toAbsolutePath().normalize()) || !Files.isDirectory(from)) {
        continue;
      }
      List<Path> jobs;
      try (Stream<Path> list = Files.list(from)) {
        jobs = list.filter(Files::isDirectory).sorted().toList();
      }
      for (Path job : jobs) {
        Path to = runs.resolve(job.getFileName().toString());
        deleteTree(to);
        copyTree(job, to);
        copied++;
      }
    }
    if (!shardDirs.isEmpty() && Files.isRegularFile(shardDirs.get(0).resolve("config.json"))) {
      Files.createDirectories(outputDir);
      Files.copy(shardDirs.get(0).resolve("config.json"), outputDir.resolve("config.json"),
          StandardCopyOption.REPLACE_EXISTING);
    }
    return copied;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().endsWith(".tmp")) {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(x);
      }
    }
  }
}
