package dev.capacity.plugin.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.plugin.grid.Job;
import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.results.JobResult;
import dev.capacity.plugin.results.ProbeSummary;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.run.RunListener;
import dev.capacity.plugin.run.StudyRunner;
import dev.capacity.plugin.study.Study;
import dev.capacity.plugin.study.StudyReader;
import dev.capacity.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardMergerTest {
  /** Three simulation groups (one per router), two SLO configs each: six jobs. */
  static final String STUDY =
      """
      clusters:
        - device: h100
          network_device: h100_dgx
          gpus_per_node: 8
      global_schedulers:
        - scheduler: round_robin
        - scheduler: lor
        - scheduler: lop_uncached
      request_queues:
        - name: fcfs
          provider: fcfs
      replica_schedulers:
        - scheduler: vllm_v1
          chunk_size: 512
      slo_configs:
        - name: ttft_p90_2s
          type: and
          quantile: 0.9
          slos:
            - metric: prefill_e2e_time
              value: 2
        - name: e2e_p50_20s
          type: and
          quantile: 0.5
          slos:
            - metric: request_e2e_time
              value: 20
      traces:
        - name: mooncake_synthetic
          trace_file: "bundled:mooncake/synthetic_trace.jsonl"
          max_seq_len: 40000 # clips 21 of the 300 requests (7 %); 32768 clipped 11 %, an error
          enable_prefix_caching: true
      batch_sizes: [64]
      tp_dimensions: [1]
      pp_dimensions: [1]
      models:
        - name: Meta-Llama-3-8B
          identifier: meta-llama/Meta-Llama-3-8B
      search_configs:
        - trace: mooncake_synthetic
          model: Meta-Llama-3-8B
          search_for: qps
          num_replicas: 2
          qps: 1
          num_requests: 300
      capacity:
        max_iterations: 4
        time_limit: 60
      """;

  @TempDir Path dir;

  private static final RunListener QUIET =
      new RunListener() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void debug(String message) {}

        @Override
        public boolean isDebugEnabled() {
          return false;
        }
      };

  private Study study() throws Exception {
    Path yaml = dir.resolve("capacity.yaml");
    if (!Files.exists(yaml)) {
      Files.writeString(yaml, STUDY);
    }
    return StudyReader.read(yaml);
  }

  private static StudyResults run(Study study, List<Job> jobs, Path out, int threads) throws Exception {
    return new StudyRunner(study, jobs, Simulator.withDefaults(),
            new StudyRunner.Options(out, threads, true, "test"), QUIET)
        .run();
  }

  @Test
  void threeShardsMergeToTheBytesOfAnUnshardedRun() throws Exception {
    Study study = study();
    List<Job> grid = JobGrid.expand(study);
    assertThat(grid).hasSize(6);
    assertThat(JobGrid.bySimulation(grid)).hasSize(3);

    Path whole = dir.resolve("whole");
    ResultsWriter.write(whole, run(study, grid, whole, 2));

    Path capacity = dir.resolve("sharded");
    for (int k = 1; k <= 3; k++) {
      Shard shard = new Shard(k, 3);
      Path out = capacity.resolve(shard.dirName());
      List<Job> jobs = ShardPlan.jobsOf(grid, shard, study.settings());
      assertThat(JobGrid.bySimulation(jobs)).as("one group per shard").hasSize(1);
      ShardResults.of(shard, grid, run(study, jobs, out, 1 + k % 2)).write(out);
    }
    // the merge sees the shards in any order
    List<Path> dirs = ShardMerger.resolve(dir, "sharded/shard-*-of-*");
    assertThat(dirs).hasSize(3);
    ShardMerger.Merged merged = ShardMerger.merge(List.of(dirs.get(2), dirs.get(0), dirs.get(1)));
    assertThat(merged.shardDirs()).containsExactlyElementsOf(dirs);
    ShardMerger.copyRuns(merged.shardDirs(), capacity);
    ResultsWriter.write(capacity, merged.results());

    assertThat(Files.readString(capacity.resolve("results.json")))
        .isEqualTo(Files.readString(whole.resolve("results.json")));
    assertThat(Files.readAllBytes(capacity.resolve("results.json")))
        .isEqualTo(Files.readAllBytes(whole.resolve("results.json")));
    assertThat(Files.readAllBytes(capacity.resolve("results.csv")))
        .isEqualTo(Files.readAllBytes(whole.resolve("results.csv")));
    // every probe folder the results link to was copied, with the owner's simulation outputs
    for (JobResult j : merged.results().jobs()) {
      for (ProbeSummary p : j.probes()) {
        assertThat(capacity.resolve(p.folder()).resolve("probe.json")).isRegularFile();
        assertThat(Files.readString(capacity.resolve(p.folder()).resolve("probe.json")))
            .isEqualTo(Files.readString(whole.resolve(p.folder()).resolve("probe.json")));
      }
    }
    assertThat(capacity.resolve("runs").resolve(grid.get(0).hash())).isDirectory();
  }

  @Test
  void anEmptyShardWritesAnEmptyPartialThatMerges() throws Exception {
    Study study = study();
    List<Job> grid = JobGrid.expand(study);
    Shard fourth = new Shard(4, 4); // three groups on four shards: the fourth has none
    assertThat(ShardPlan.jobsOf(grid, fourth, study.settings())).isEmpty();
    Path out = dir.resolve(fourth.dirName());
    ShardResults s = ShardResults.of(fourth, grid, run(study, List.of(), out, 1));
    s.write(out);
    assertThat(ShardResults.read(out).results().jobs()).isEmpty();
    assertThat(ShardResults.read(out).grid()).hasSize(6);
  }

  // ---- errors, on hand-made shard outputs (no simulation)

  private static JobResult job(int index, String key) {
    return new JobResult(index, key, "h" + index, "m", "t", "c", "r", "q", "s", "slo", 1, 1, 64, "qps", 300,
        1.5, "qps", "CONVERGED", List.of(), null);
  }

  private static ShardResults shard(int k, int n, String study, String... keys) {
    List<ShardResults.GridJob> grid = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      grid.add(new ShardResults.GridJob("job" + i, "h" + i));
    }
    List<JobResult> jobs = new ArrayList<>();
    for (String key : keys) {
      jobs.add(job(Integer.parseInt(key.substring(3)), key));
    }
    StudyResults r = new StudyResults(1, "test", study + ".yaml", "fp-" + study, Map.of("seed", 42), jobs);
    return new ShardResults(1, k, n, ShardResults.fingerprint(r, grid), grid, r);
  }

  private Path write(String name, ShardResults s) throws Exception {
    Path d = dir.resolve(name);
    Files.createDirectories(d);
    s.write(d);
    return d;
  }

  /** A search that found nothing keeps its status and reason through a shard's output and the merge (reindexed). */
  @Test
  void aNotFoundStatusSurvivesTheMerge() throws Exception {
    ShardResults one = shard(1, 2, "s", "job0", "job2");
    JobResult notFound = new JobResult(7, "job1", "h1", "m", "t", "c", "r", "q", "s", "slo", 1, 1, 64,
        "num_replicas", 300, null, null, "replicas", "MAX_ITERATIONS", List.of(), null, "NOT_FOUND",
        "not found: 32 replicas still fail at 2 QPS (after 4 probes, max_iterations reached)");
    StudyResults r2 = new StudyResults(1, "test", "s.yaml", "fp-s", Map.of("seed", 42), List.of(notFound));
    ShardResults two = new ShardResults(1, 2, 2, ShardResults.fingerprint(r2, one.grid()), one.grid(), r2);
    StudyResults merged = ShardMerger.merge(List.of(write("shard-1-of-2", one), write("shard-2-of-2", two)))
        .results();
    JobResult j = merged.jobs().get(1);
    assertThat(j.key()).isEqualTo("job1");
    assertThat(j.capacity()).isNull();
    assertThat(j.status()).isEqualTo("NOT_FOUND");
    assertThat(j.statusReason()).startsWith("not found: 32 replicas still fail");
    assertThat(merged.jobs().get(0).status()).isNull();
  }

  @Test
  void handMadeShardsMergeInGridOrder() throws Exception {
    Path a = write("shard-1-of-2", shard(1, 2, "s", "job2", "job0"));
    Path b = write("shard-2-of-2", shard(2, 2, "s", "job1"));
    StudyResults r = ShardMerger.merge(List.of(b, a)).results();
    assertThat(r.jobs()).extracting(JobResult::key).containsExactly("job0", "job1", "job2");
    assertThat(r.jobs()).extracting(JobResult::index).containsExactly(0, 1, 2);
  }

  @Test
  void aMissingShardIsNamed() throws Exception {
    Path a = write("shard-1-of-3", shard(1, 3, "s", "job0"));
    Path c = write("shard-3-of-3", shard(3, 3, "s", "job2"));
    assertThatThrownBy(() -> ShardMerger.merge(List.of(a, c)))
        .isInstanceOf(ShardMergeException.class)
        .hasMessageContaining("missing shard(s) 2/3")
        .hasMessageContaining("expected all 3 shards")
        .hasMessageContaining("1/3 (" + a + ")")
        .hasMessageContaining("3/3 (" + c + ")");
  }

  @Test
  void aDuplicatedShardIsNamed() throws Exception {
    Path a = write("shard-1-of-2", shard(1, 2, "s", "job0", "job2"));
    Path b = write("x/shard-2-of-2", shard(2, 2, "s", "job1"));
    Path b2 = write("y/shard-2-of-2", shard(2, 2, "s", "job1"));
    assertThatThrownBy(() -> ShardMerger.merge(List.of(a, b, b2)))
        .isInstanceOf(ShardMergeException.class)
        .hasMessageContaining("shard 2/2 given 2 times: " + b + ", " + b2)
        .hasMessageContaining("expected each of the 2 shards once");
  }

  @Test
  void shardsOfDifferentNAreNamed() throws Exception {
    Path a = write("shard-1-of-2", shard(1, 2, "s", "job0", "job2"));
    Path b = write("shard-2-of-3", shard(2, 3, "s", "job1"));
    assertThatThrownBy(() -> ShardMerger.merge(List.of(a, b)))
        .isInstanceOf(ShardMergeException.class)
        .hasMessageContaining("shards of different N")
        .hasMessageContaining("N = 2 in 1/2 (" + a + ")")
        .hasMessageContaining("N = 3 in 2/3 (" + b + ")");
  }

  @Test
  void shardsOfAnotherStudyAreNamed() throws Exception {
    Path a = write("shard-1-of-2", shard(1, 2, "s", "job0", "job2"));
    Path b = write("shard-2-of-2", shard(2, 2, "other", "job1"));
    ShardResults expected = ShardResults.read(a);
    ShardResults other = ShardResults.read(b);
    assertThatThrownBy(() -> ShardMerger.merge(List.of(a, b)))
        .isInstanceOf(ShardMergeException.class)
        .hasMessageContaining("shard 2/2 (" + b + ") is of another study: fingerprint " + other.studyFingerprint())
        .hasMessageContaining("expected " + expected.studyFingerprint() + " as shard 1/2 (" + a);
  }

  @Test
  void aFolderWithoutShardResultsIsNamed() throws Exception {
    Path a = write("shard-1-of-2", shard(1, 2, "s", "job0", "job2"));
    Path empty = Files.createDirectories(dir.resolve("shard-2-of-2"));
    Path unsharded = dir.resolve("whole");
    ResultsWriter.write(unsharded, shard(1, 1, "s").results());
    assertThatThrownBy(() -> ShardMerger.merge(List.of(a, empty, unsharded)))
        .isInstanceOf(ShardMergeException.class)
        .hasMessageContaining(empty + " holds no results.json")
        .hasMessageContaining(unsharded + "/results.json is not a shard's partial results");
    assertThatThrownBy(() -> ShardMerger.merge(ShardMerger.resolve(dir, "nothing/shard-*-of-*")))
        .isInstanceOf(ShardMergeException.class)
        .hasMessageContaining("no shard outputs to merge");
  }
}
