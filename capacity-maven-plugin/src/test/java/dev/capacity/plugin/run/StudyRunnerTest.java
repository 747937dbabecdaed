package dev.capacity.plugin.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.study.Study;
import dev.capacity.plugin.study.StudyReader;
import dev.capacity.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class StudyRunnerTest {
  /** Two SLO configs on one simulation group, 300 synthetic-trace requests on one replica. */
  public static final String STUDY =
      """
      clusters:
        - device: h100
          network_device: h100_dgx
          gpus_per_node: 8
      global_schedulers:
        - scheduler: round_robin
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
          max_seq_len: 32768
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
          num_replicas: 1
          qps: 1
          num_requests: 300
      capacity:
        max_iterations: 5
        time_limit: 60
      """;

  @TempDir Path dir;

  private final List<String> log = new ArrayList<>();

  private StudyResults run(Path out, int threads) throws Exception {
    return run(out, threads, true);
  }

  private StudyResults run(Path out, int threads, boolean earlyStop) throws Exception {
    return run(out, threads, earlyStop, true);
  }

  private StudyResults run(Path out, int threads, boolean earlyStop, boolean speculate) throws Exception {
    Path yaml = dir.resolve("capacity.yaml");
    if (!Files.exists(yaml)) {
      Files.writeString(yaml, STUDY);
    }
    Study study = StudyReader.read(yaml);
    RunListener recording =
        new RunListener() {
          @Override
          public void info(String message) {
            log.add(message);
          }

          @Override
          public void warn(String message) {
            log.add(message);
          }

          @Override
          public void debug(String message) {}

          @Override
          public boolean isDebugEnabled() {
            return false;
          }
        };
    StudyResults results =
        new StudyRunner(study, JobGrid.expand(study), Simulator.withDefaults(),
                new StudyRunner.Options(out, threads, true, "test", earlyStop, speculate), recording)
            .run();
    ResultsWriter.write(out, results);
    return results;
  }

  private String lastSummary() {
    for (int i = log.size() - 1; i >= 0; i--) {
      if (log.get(i).contains("searches done")) {
        return log.get(i);
      }
    }
    return "";
  }

  @Test
  void resultsAreByteIdenticalWhateverTheThreadCount() throws Exception {
    run(dir.resolve("one"), 1);
    run(dir.resolve("two"), 2);
    assertThat(Files.readAllBytes(dir.resolve("two/results.json")))
        .isEqualTo(Files.readAllBytes(dir.resolve("one/results.json")));
    assertThat(Files.readAllBytes(dir.resolve("two/results.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("one/results.csv")));
  }

  @Test
  void aRunEndsByReportingThePeakHeap() throws Exception {
    run(dir.resolve("out"), 1);
    assertThat(log.get(log.size() - 1)).matches("capacity: peak heap [1-9][0-9]* MB of [1-9][0-9]* MB \\(whole JVM\\)");
  }

  @Test
  void slosOfOneSimulationShareTheirProbes() throws Exception {
    StudyResults r = run(dir.resolve("out"), 2, true, false); // no speculation: count exactly
    assertThat(r.jobs()).hasSize(2);
    long distinct =
        r.jobs().stream().flatMap(j -> j.probes().stream()).map(p -> p.replicas() + "/" + p.qps()).distinct().count();
    assertThat(lastSummary()).contains(distinct + " probes simulated");
    // the second job's folders point at the first job's simulation outputs
    String owner = r.jobs().get(0).hash();
    String sharer = r.jobs().get(1).hash();
    String folder = r.jobs().get(1).probes().get(0).folder();
    Path probeJson = dir.resolve("out").resolve(folder).resolve("probe.json");
    assertThat(Files.readString(probeJson)).contains("runs/" + owner + "/");
    assertThat(dir.resolve("out/runs").resolve(sharer)).isDirectory();
    assertThat(r.jobs()).allSatisfy(j -> assertThat(j.capacity()).isNotNull().isPositive());
  }

  @Test
  void rerunResumesReusingFinishedProbesAndRedoingInterruptedOnes() throws Exception {
    Path out = dir.resolve("out");
    StudyResults first = run(out, 2);
    byte[] firstJson = Files.readAllBytes(out.resolve("results.json"));
    int probes = (int) first.jobs().get(0).probes().size();
    // simulate an interrupted run: results gone, the last probe folder never published, a half-written
    // .partial folder left behind
    Files.delete(out.resolve("results.json"));
    String owner = first.jobs().get(0).hash();
    String lastFolder = first.jobs().get(0).probes().get(probes - 1).folder();
    deleteTree(out.resolve(lastFolder));
    Files.createDirectories(out.resolve("runs").resolve(owner).resolve("r1_q9.9.partial/simulation"));
    log.clear();
    run(out, 1);
    assertThat(log).anyMatch(l -> l.contains("removed 1 half-written probe folder"));
    assertThat(lastSummary()).contains("1 probes simulated");
    assertThat(Files.readAllBytes(out.resolve("results.json"))).isEqualTo(firstJson);
    assertThat(out.resolve("runs").resolve(owner).resolve("r1_q9.9.partial")).doesNotExist();
  }

  @Test
  void earlyStoppingFindsTheSameCapacitiesAndVerdicts() throws Exception {
    StudyResults full = run(dir.resolve("full"), 2, false, false);
    StudyResults early = run(dir.resolve("early"), 2, true);
    assertThat(early.jobs()).hasSameSizeAs(full.jobs());
    boolean anyStopped = false;
    for (int i = 0; i < full.jobs().size(); i++) {
      var f = full.jobs().get(i);
      var e = early.jobs().get(i);
      assertThat(e.capacity()).isEqualTo(f.capacity());
      assertThat(e.probes()).extracting(p -> p.qps() + ":" + p.passed())
          .containsExactlyElementsOf(f.probes().stream().map(p -> p.qps() + ":" + p.passed()).toList());
      anyStopped |= e.probes().stream().anyMatch(p -> p.stoppedEarly());
      assertThat(f.probes()).noneMatch(p -> p.stoppedEarly());
    }
    assertThat(anyStopped).as("some overloaded probe stopped early").isTrue();
  }

  private static void deleteTree(Path p) throws Exception {
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
