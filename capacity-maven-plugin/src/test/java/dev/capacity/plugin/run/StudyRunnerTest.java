package dev.capacity.plugin.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.results.ProbeSummary;
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
    return run(out, threads, earlyStop, speculate, STUDY);
  }

  private StudyResults run(Path out, int threads, boolean earlyStop, boolean speculate, String yamlText)
      throws Exception {
    Path yaml = dir.resolve("capacity.yaml");
    Files.writeString(yaml, yamlText);
    Study study = StudyReader.read(yaml);
    RunListener recording = RunListener.collecting(log);
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
  void aDisaggregatedLayoutRunsAsAJobOfItsOwn() throws Exception {
    // one search config colocated on 2 replicas, one disaggregated as 1 prefill + 1 decode replica
    String yaml = STUDY.replace("    num_replicas: 1\n    qps: 1\n    num_requests: 300\n",
        "    num_replicas: 2\n    qps: 1\n    num_requests: 300\n"
            + "  - trace: mooncake_synthetic\n    model: Meta-Llama-3-8B\n    search_for: qps\n"
            + "    num_replicas: 2\n    qps: 1\n    num_requests: 300\n"
            + "    layout:\n      prefill_replicas: 1\n      decode_replicas: 1\n");
    assertThat(yaml).contains("layout:");
    StudyResults results = run(dir.resolve("pd"), 2, true, true, yaml);
    var disaggregated = results.jobs().stream().filter(j -> j.key().contains("_1P1D")).toList();
    assertThat(disaggregated).hasSize(2); // one per SLO config
    assertThat(disaggregated).allSatisfy(j -> {
      assertThat(j.deployment()).isEqualTo("1P1D x TP1");
      assertThat(j.error()).isNull();
    });
    // the console's short labels tell the layouts apart
    assertThat(dev.capacity.plugin.results.JobLabels.ofResults(results.jobs()))
        .anySatisfy(l -> assertThat(l).contains("1P1DxTP1"))
        .anySatisfy(l -> assertThat(l).contains("2xTP1"));
    // its probes simulated the layout: the config records it, the request metrics the hand-over
    var probe = disaggregated.get(0).probes().stream().filter(p -> p.folder() != null).findFirst().orElseThrow();
    Path sim = dir.resolve("pd").resolve(probe.folder()).resolve("simulation");
    assertThat(Files.readString(sim.resolve("config.json"))).contains("\"layout\"").contains("\"decodeRouter\" : \"lor\"");
    assertThat(Files.readAllLines(sim.resolve("request_metrics.csv")).get(0)).contains("kv_transfer_time");
  }

  @Test
  void aLayoutsDecodePoolRunsOnItsOwnNodeTypeAtItsOwnPrice() throws Exception {
    // h100_dgx at 3.0 and a100_40gb_dgx at 1.2 per GPU-hour; the layout's decode replica is always an
    // A100-40GB, streaming the KV cache layer by layer; each cluster gives a job (and each SLO config)
    String yaml = STUDY.replace("    gpus_per_node: 8\n", "    gpus_per_node: 8\n    cost_per_gpu_hour: 3.0\n"
            + "  - device: a100_40gb\n    network_device: a100_40gb_dgx\n    gpus_per_node: 8\n"
            + "    cost_per_gpu_hour: 1.2\n")
        .replace("    num_replicas: 1\n    qps: 1\n    num_requests: 300\n",
            "    num_replicas: 2\n    qps: 1\n    num_requests: 300\n"
                + "    layout:\n      prefill_replicas: 1\n      decode_network_device: a100_40gb_dgx\n"
                + "      kv_transfer: layerwise\n");
    assertThat(yaml).contains("decode_network_device");
    StudyResults results = run(dir.resolve("pools"), 2, true, true, yaml);
    assertThat(results.jobs()).hasSize(4).allSatisfy(j -> {
      assertThat(j.error()).isNull();
      assertThat(j.key()).endsWith("_1P1D_kv-layerwise_dd-a100_40gb_dgx");
      assertThat(j.deployment()).isEqualTo("1P1D(a100_40gb_dgx) x TP1");
      assertThat(j.gpus()).isEqualTo(2);
    });
    var onH100 = results.jobs().stream().filter(j -> j.cluster().equals("h100_dgx")).findFirst().orElseThrow();
    var onA100 = results.jobs().stream().filter(j -> j.cluster().equals("a100_40gb_dgx")).findFirst().orElseThrow();
    assertThat(onH100.costPerGpuHour()).isEqualTo((3.0 + 1.2) / 2);
    assertThat(onH100.costPerHour()).isCloseTo(4.2, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(onA100.costPerHour()).isCloseTo(2.4, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(dev.capacity.plugin.results.JobLabels.ofResults(results.jobs()))
        .allSatisfy(l -> assertThat(l).contains("1P1D(a100_40gb_dgx)xTP1"));
    var probe = onH100.probes().stream().filter(p -> p.folder() != null).findFirst().orElseThrow();
    String config = Files.readString(dir.resolve("pools").resolve(probe.folder()).resolve("simulation/config.json"));
    assertThat(config).contains("\"decodeNetworkDevice\" : \"a100_40gb_dgx\"").contains("\"kvTransfer\" : \"layerwise\"")
        .doesNotContain("prefillNetworkDevice");
    // the inputs name the profiles of both node types
    assertThat(Files.readString(dir.resolve("pools/results.json")))
        .contains("Meta-Llama-3-8B on a100_40gb_dgx").contains("Meta-Llama-3-8B on h100_dgx");
  }

  @Test
  void aRerunWhoseProbesAreAllReusedParsesNoTrace() throws Exception {
    Path out = dir.resolve("out");
    StudyResults first = run(out, 2);
    Path yaml = dir.resolve("capacity.yaml");
    Study study = StudyReader.read(yaml);
    Simulator fresh = Simulator.withDefaults();
    StudyResults again = new StudyRunner(study, JobGrid.expand(study), fresh,
        new StudyRunner.Options(out, 2, true, "test"), RunListener.collecting(log)).run();
    assertThat(again.jobs()).extracting(j -> j.capacity())
        .containsExactlyElementsOf(first.jobs().stream().map(j -> j.capacity()).toList());
    assertThat(fresh.tracesParsed()).as("traces parsed by a fully reused rerun").isZero();
  }

  /**
   * Each probe records the cluster's prefix-cache hit ratio, by tier with a CPU tier, exactly as its
   * simulation's summary.json counts them; nothing with prefix caching off.
   */
  @Test
  void probesRecordThePrefixHitsOfTheirSimulation() throws Exception {
    // Mooncake conversations (sessions re-send their history) on 2 replicas: more than GPU memory keeps
    String conversations = STUDY.replace("bundled:mooncake/synthetic_trace.jsonl", "bundled:mooncake/conversation_trace.jsonl")
        .replace("max_seq_len: 40000", "max_seq_len: 131072").replace("num_replicas: 1", "num_replicas: 2");
    StudyResults tiered = run(dir.resolve("tiered"), 1, true, false,
        conversations.replace("    num_requests: 300\n", "    num_requests: 300\n    kv_tiers:\n      cpu_gb: 100\n"));
    assertThat(tiered.jobs().get(0).key()).contains("_cpukv100");
    for (var j : tiered.jobs()) {
      assertThat(j.probes()).isNotEmpty().allSatisfy(p -> {
        var hits = p.prefixHits();
        assertThat(hits).isNotNull();
        assertThat(hits.pool()).isNull();
        var summary = summary(dir.resolve("tiered"), p);
        var byTier = summary.get("prefix_cache_hit_ratio_by_tier");
        assertThat(hits.gpu()).isEqualTo(byTier.get("gpu").asDouble());
        assertThat(hits.cpu()).isEqualTo(byTier.get("cpu").asDouble());
        assertThat(hits.total()).isCloseTo(hits.gpu() + hits.cpu(), org.assertj.core.data.Offset.offset(1e-12));
      });
    }
    assertThat(tiered.jobs().stream().flatMap(j -> j.probes().stream()))
        .as("some prompt tokens come back from the CPU tier").anySatisfy(p -> assertThat(p.prefixHits().cpu()).isPositive());

    StudyResults gpuOnly = run(dir.resolve("gpu"), 1, true, false, STUDY);
    for (var j : gpuOnly.jobs()) {
      assertThat(j.probes()).isNotEmpty().allSatisfy(p -> {
        assertThat(p.prefixHits().tiered()).isFalse();
        long admitted = 0;
        long hit = 0;
        for (var r : summary(dir.resolve("gpu"), p).get("replicas")) {
          admitted += r.get("prefix_cache_prompt_tokens").asLong();
          hit += r.get("prefix_cache_hit_tokens").asLong();
        }
        assertThat(hits(p)).isEqualTo((double) hit / admitted).isPositive();
      });
    }
    assertThat(Files.readString(dir.resolve("gpu/results.json"))).contains("\"prefixHits\"").doesNotContain("\"gpu\"");

    StudyResults off = run(dir.resolve("off"), 1, true, false,
        STUDY.replace("enable_prefix_caching: true", "enable_prefix_caching: false"));
    assertThat(off.jobs()).allSatisfy(j -> assertThat(j.probes()).allSatisfy(p -> assertThat(p.prefixHits()).isNull()));
    assertThat(Files.readString(dir.resolve("off/results.json"))).doesNotContain("prefixHits");
  }

  private static double hits(ProbeSummary p) {
    return p.prefixHits().total();
  }

  /** The summary.json of the simulation a probe's folder points at. */
  private static com.fasterxml.jackson.databind.JsonNode summary(Path out, ProbeSummary p) {
    try {
      ProbeResult r = Json.MAPPER.readValue(out.resolve(p.folder()).resolve("probe.json").toFile(), ProbeResult.class);
      assertThat(r.prefixHits()).isEqualTo(p.prefixHits());
      return Json.MAPPER.readTree(out.resolve(r.simulation()).resolve("summary.json").toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void resultsAreByteIdenticalWhateverTheThreadCount() throws Exception {
    run(dir.resolve("one"), 1);
    run(dir.resolve("two"), 2);
    assertThat(Files.readAllBytes(dir.resolve("two/results.json")))
        .isEqualTo(Files.readAllBytes(dir.resolve("one/results.json")));
    assertThat(Files.readAllBytes(dir.resolve("two/results.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("one/results.csv")));
    // every probe folder too: where an early-stopped probe ended must not depend on completion order
    List<Path> files = filesUnder(dir.resolve("one/runs"));
    assertThat(files).isNotEmpty().isEqualTo(filesUnder(dir.resolve("two/runs")));
    for (Path f : files) {
      assertThat(Files.readAllBytes(dir.resolve("two/runs").resolve(f)))
          .as(f.toString()).isEqualTo(Files.readAllBytes(dir.resolve("one/runs").resolve(f)));
    }
  }

  @Test
  void aProbeStoppedForOneSearchIsRerunForAnotherAndEndsWhereAFreshRunWould() throws Exception {
    Path out = dir.resolve("out");
    // first only the strict SLO config: its failing probes stop as soon as it is certain
    String strictOnly = STUDY.replaceFirst("(?s)  - name: e2e_p50_20s.*?value: 20\n", "");
    assertThat(strictOnly).doesNotContain("e2e_p50_20s");
    run(out, 2, true, true, strictOnly);
    List<String> undecided = new ArrayList<>();
    for (Path f : filesUnder(out.resolve("runs"))) {
      if (f.endsWith(ProbeStore.PROBE_FILE)) {
        String json = Files.readString(out.resolve("runs").resolve(f));
        if (json.contains("\"stoppedEarly\" : true")) {
          undecided.add(f.getParent().getFileName().toString());
        }
      }
    }
    assertThat(undecided).as("the strict search stopped some probe early").isNotEmpty();
    // then both: the other search needs some of those probes decided for its SLO config too
    log.clear();
    StudyResults resumed = run(out, 2);
    StudyResults fresh = run(dir.resolve("fresh"), 1);
    boolean rerun = resumed.jobs().stream().filter(j -> j.slo().equals("e2e_p50_20s"))
        .flatMap(j -> j.probes().stream())
        .anyMatch(p -> undecided.contains(p.folder().substring(p.folder().lastIndexOf('/') + 1)));
    assertThat(rerun).as("the loose search used a probe the strict one had stopped").isTrue();
    assertThat(Files.readAllBytes(out.resolve("results.json")))
        .isEqualTo(Files.readAllBytes(dir.resolve("fresh/results.json")));
    // the simulator outputs end where a fresh run's do; probe.json and output.log may differ, as they
    // list the verdicts of the SLO configs the study had when the probe ran
    List<Path> files = filesUnder(dir.resolve("fresh/runs")).stream()
        .filter(f -> f.toString().contains(ProbeStore.SIMULATION_DIR)).toList();
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      assertThat(Files.readAllBytes(out.resolve("runs").resolve(f)))
          .as(f.toString()).isEqualTo(Files.readAllBytes(dir.resolve("fresh/runs").resolve(f)));
    }
    assertThat(fresh.jobs()).hasSize(2);
  }

  private static List<Path> filesUnder(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  @Test
  void aProbeStopsOnceTheSloConfigsOfTheSearchesThatAskedForItAreCertain() throws Exception {
    Path out = dir.resolve("out");
    StudyResults r = run(out, 2);
    // some probe stopped early although the other SLO config of its group was still open: it is
    // undecided in that probe's results, and no search of that SLO config used the probe
    boolean found = false;
    for (var job : r.jobs()) {
      for (var p : job.probes()) {
        if (!p.stoppedEarly()) {
          continue;
        }
        String probeJson = Files.readString(out.resolve(p.folder()).resolve(ProbeStore.PROBE_FILE));
        var verdicts = Json.MAPPER.readTree(probeJson).get("verdicts");
        assertThat(verdicts.has(job.slo())).as("the asking search's verdict is decided").isTrue();
        if (verdicts.size() < 2) {
          found = true;
          String other = job.slo().equals("ttft_p90_2s") ? "e2e_p50_20s" : "ttft_p90_2s";
          for (var j : r.jobs()) {
            if (j.slo().equals(other)) {
              assertThat(j.probes()).noneMatch(q -> q.qps() == p.qps() && q.replicas() == p.replicas());
            }
          }
        }
      }
    }
    assertThat(found).as("a probe stopped on one SLO config of two").isTrue();
  }

  @Test
  void aRunEndsByReportingThePeakHeap() throws Exception {
    run(dir.resolve("out"), 1);
    assertThat(log.get(log.size() - 1)).matches("capacity: peak heap [1-9][0-9]* MB of [1-9][0-9]* MB \\(whole JVM\\)");
  }

  @Test
  void slosOfOneSimulationShareTheirProbes() throws Exception {
    // neither speculation nor early stop (a probe stopped for one search may run again for another)
    StudyResults r = run(dir.resolve("out"), 2, false, false);
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

  @Test
  void requestsArrivedRecordsFewerThanAskedAndIsAbsentOtherwise() throws Exception {
    // 300 asked, but a 30 s time limit at a few QPS lets only some arrive (issue 15 item 6)
    StudyResults cut = run(dir.resolve("cut"), 1, true, false,
        STUDY.replace("time_limit: 60", "time_limit: 0.5"));
    assertThat(cut.jobs()).isNotEmpty().allSatisfy(j -> {
      assertThat(j.numRequests()).isEqualTo(300); // still what was asked
      assertThat(j.requestsArrived()).isNotNull().isBetween(1, 299);
      ProbeSummary at = ResultsWriter.atCapacity(j);
      if (at != null) {
        assertThat(j.requestsArrived()).isEqualTo(at.numCompleted() + at.numUnfinished());
      }
    });
    String json = Files.readString(dir.resolve("cut/results.json"));
    assertThat(json).contains("\"requestsArrived\" : " + cut.jobs().get(0).requestsArrived());
    List<String> csv = Files.readAllLines(dir.resolve("cut/results.csv"));
    assertThat(csv.get(0)).contains(",key,requests_arrived,status,status_reason,");
    assertThat(csv.get(1)).contains("," + cut.jobs().get(0).requestsArrived() + ",");

    // every asked request arrives: no field, results as before
    StudyResults whole = run(dir.resolve("whole"), 1);
    assertThat(whole.jobs()).allSatisfy(j -> assertThat(j.requestsArrived()).isNull());
    assertThat(Files.readString(dir.resolve("whole/results.json"))).doesNotContain("requestsArrived");
  }

  @Test
  void anUnknownModelIsOneProblemAtItsIdentifierNotOnePerJob() throws Exception {
    // two search configs (two jobs): the problem is the model's, so it is named once, at its key
    String yaml = STUDY.replace("identifier: meta-llama/Meta-Llama-3-8B", "identifier: org/nope")
        .replace("  - trace: mooncake_synthetic\n", "  - trace: mooncake_synthetic\n    model:"
            + " Meta-Llama-3-8B\n    search_for: qps\n    num_replicas: 2\n    qps: 2\n"
            + "    num_requests: 300\n  - trace: mooncake_synthetic\n");
    StudyRunException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        () -> run(dir.resolve("bad"), 1, true, true, yaml), StudyRunException.class);
    assertThat(e).isNotNull();
    assertThat(e.problems()).singleElement().asString().startsWith(dir.resolve("capacity.yaml")
        + ":36:17: models[0].identifier: unknown model 'org/nope'; allowed: ");
    assertThat(dir.resolve("bad")).doesNotExist();
  }
}
