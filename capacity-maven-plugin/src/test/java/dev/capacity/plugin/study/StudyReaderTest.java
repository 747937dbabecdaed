package dev.capacity.plugin.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyReaderTest {
  @TempDir Path dir;

  static final String VALID = """
      clusters:
        - device: h100
          network_device: h100_dgx
          gpus_per_node: 8
      global_schedulers:
        - scheduler: round_robin
        - scheduler: tolerant_sticky_lop_uncached
          tolerance_factor: 2.0
      request_queues:
        - name: edf
          provider: edf
          slo_prefill_e2e_time_normalized: 0.002
      replica_schedulers:
        - scheduler: vllm_v1
          chunk_size: 512
        - scheduler: vllm
      slo_configs:
        - name: ttft
          type: and
          quantile: 0.99
          slos:
            - metric: prefill_e2e_time
              value: 10
      traces:
        - name: t
          trace_file: traces/t.csv
          max_seq_len: 4096
          enable_prefix_caching: true
      batch_sizes: [128]
      tp_dimensions: [1]
      pp_dimensions: [1]
      models:
        - name: m
          identifier: org/m
      search_configs:
        - trace: t
          model: m
          search_for: qps
          num_replicas: 2
          qps: 4.0
          num_requests: 100
        - trace: t
          model: m
          search_for: isoqps
          num_replicas: 2
          qps: 4
          num_requests: 100
          qps_multipliers: [0.5, 1, 2]
      capacity:
        seed: 7
        max_iterations: 12
        min_search_granularity: 2.5
      """;

  private Path write(String yaml) throws IOException {
    Files.createDirectories(dir.resolve("traces"));
    Files.writeString(dir.resolve("traces/t.csv"), "arrived_at,num_prefill_tokens\n");
    Path file = dir.resolve("study.yml");
    Files.writeString(file, yaml);
    return file;
  }

  private List<String> problems(String yaml) throws IOException {
    StudyValidationException e = catchThrowableOfType(() -> StudyReader.read(write(yaml)),
        StudyValidationException.class);
    assertThat(e).as("expected validation problems").isNotNull();
    return e.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message())
        .toList();
  }

  @Test
  void readsAValidStudyKeepingNumbersAsWritten() throws Exception {
    Study study = StudyReader.read(write(VALID));
    assertThat(study.searchConfigs().get(0).key()).isEqualTo("qps_r2_q4.0_reqs100");
    assertThat(study.searchConfigs().get(1).key()).isEqualTo("isoqps_r2_q4_reqs100");
    assertThat(study.searchConfigs().get(1).qpsMultipliers()).extracting(YamlNumber::pythonStr)
        .containsExactly("0.5", "1", "2");
    assertThat(study.globalSchedulers().get(1).key())
        .isEqualTo("tolerant_sticky_lop_uncached_2.0x");
    assertThat(study.replicaSchedulers()).extracting(ReplicaSchedulerSpec::key)
        .containsExactly("vllm_v1_cs512", "vllm");
    // edf with vllm_v1 is a combination that makes sense in our design (§3): accepted
    assertThat(study.requestQueues().get(0).sloPrefillE2eTimeNormalized()).isPresent();
    assertThat(study.traces().get(0).traceFile()).isEqualTo(dir.resolve("traces/t.csv"));
    assertThat(study.sloConfigs().get(0).at().line()).isEqualTo(18);
    assertThat(study.settings()).isEqualTo(new CapacitySettings(7, 180, 12, 2.5, 0.1));
  }

  @Test
  void seedStudyReadsWithDefaults() throws Exception {
    Path seed = Path.of(getClass().getResource("/seed-study/seed-study.yml").toURI());
    Study study = StudyReader.read(seed);
    assertThat(study.globalSchedulers()).hasSize(7);
    assertThat(study.searchConfigs()).extracting(SearchConfig::key).containsExactly(
        "qps_r8_q4_reqs12301", "qps_r8_q8_reqs23608", "qps_r16_q4_reqs12301", "qps_r16_q8_reqs23608");
    assertThat(study.settings()).isEqualTo(CapacitySettings.DEFAULTS);
  }

  @Test
  void reportsEveryProblemAtOnceWithLocations() throws Exception {
    String broken = """
        clusters:
          - device: h100
            network_device: h100_dgx
            gpus_per_node: eight
        global_schedulers:
          - scheduler: round_robbin
          - scheduler: ranked_sticky_lop_uncached
          - scheduler: lor
            tolerance_factor: 2
        request_queues:
          - name: q
            provider: edf
        replica_schedulers:
          - scheduler: sarathi
          - scheduler: orca
            chunk_size: 256
        slo_configs:
          - name: s
            quantile: 1.5
            slos:
              - metric: ttft
                value: 1
        traces:
          - name: t
            trace_file: missing.csv
            max_seq_len: 4096
            colour: blue
        batch_sizes: [128]
        tp_dimensions: [1]
        pp_dimensions: [1]
        models:
          - name: m
            identifier: org/m
        search_configs:
          - trace: t
            model: m
            search_for: qps
            num_replicas: 2
            qps: 4
            num_requests: 100
            qps_multipliers: [2]
        """;
    List<String> problems = problems(broken);
    assertThat(problems).containsExactly(
        "4:20: clusters[0].gpus_per_node: expected an integer, found string 'eight'",
        "6:16: global_schedulers[0].scheduler: unknown router 'round_robbin'; allowed: lop,"
            + " lop_batch_end, lop_binary, lop_uncached, lor, random,"
            + " ranked_sticky_lop_uncached, round_robin, scorer, sticky_lop, sticky_lor,"
            + " sticky_round_robin, tolerant_sticky_lop_uncached",
        "7:5: global_schedulers[1]: ranked_sticky_lop_uncached requires 'top_k'",
        "9:23: global_schedulers[2].tolerance_factor: only tolerant_sticky_lop_uncached takes"
            + " 'tolerance_factor', not lor",
        "11:5: request_queues[0]: an edf queue requires 'slo_prefill_e2e_time_normalized'"
            + " (its deadline, seconds per prefill token)",
        "14:5: replica_schedulers[0]: replica scheduler sarathi requires 'chunk_size'",
        "16:17: replica_schedulers[1].chunk_size: replica scheduler orca does not chunk"
            + " prefills; only [sarathi, vllm_v1] take 'chunk_size'",
        "19:15: slo_configs[0].quantile: must be in (0, 1], found 1.5",
        "21:17: slo_configs[0].slos[0].metric: unknown SLO metric 'ttft'; allowed: "
            + String.join(", ", Vocabulary.TIME_METRICS.stream().sorted().toList()),
        "25:17: traces[0].trace_file: trace file not found: " + dir.resolve("missing.csv")
            + " (resolved against the study's directory)",
        "27:5: traces[0]: unknown key 'colour'; allowed keys here: name, trace_file, max_seq_len,"
            + " enable_prefix_caching",
        "41:22: search_configs[0].qps_multipliers: only search_for isoqps takes multipliers,"
            + " not qps");
  }

  /** 2 x TP1 or 1 x TP2? Two configs differing only in num_replicas are two jobs, not duplicates. */
  @Test
  void searchConfigsDifferingOnlyInReplicasAreDistinct() throws Exception {
    String second = "  - trace: t\n    model: m\n    search_for: qps\n    num_replicas: 1\n    qps: 4.0\n"
        + "    num_requests: 100\n";
    Study study = StudyReader.read(write(VALID.replace("  - trace: t\n    model: m\n    search_for: isoqps",
        second + "  - trace: t\n    model: m\n    search_for: isoqps")));
    assertThat(study.searchConfigs()).extracting(SearchConfig::key)
        .containsExactly("qps_r2_q4.0_reqs100", "qps_r1_q4.0_reqs100", "isoqps_r2_q4_reqs100");
  }

  @Test
  void costPerGpuHourAndTargetQpsAreOptionalPositiveNumbers() throws Exception {
    Study study = StudyReader.read(write(VALID.replace("gpus_per_node: 8\n",
        "gpus_per_node: 8\n    cost_per_gpu_hour: 2.5\n").replace("  seed: 7\n", "  seed: 7\n  target_qps: 12\n")));
    assertThat(study.clusters().get(0).costPerGpuHour()).isEqualTo(2.5);
    assertThat(study.settings().targetQps()).isEqualTo(12.0);
    assertThat(StudyReader.read(write(VALID)).clusters().get(0).costPerGpuHour()).isNull();

    List<String> problems = problems(VALID.replace("gpus_per_node: 8\n", "gpus_per_node: 8\n    cost_per_gpu_hour: -1\n")
        .replace("  seed: 7\n", "  seed: 7\n  target_qps: fast\n"));
    assertThat(problems).containsExactly(
        "5:24: clusters[0].cost_per_gpu_hour: must be greater than 0, found -1",
        "52:15: capacity.target_qps: expected a number, found string 'fast'");
  }

  @Test
  void messageListsProblemsAsFileLineColumn() throws Exception {
    Path file = write(VALID.replace("  - name: ttft\n", "  - name: ttft\n    typo: 1\n"));
    assertThatThrownBy(() -> StudyReader.read(file)).isInstanceOf(StudyValidationException.class)
        .hasMessageContaining(file + ":19:5: slo_configs[0]: unknown key 'typo'; allowed keys"
            + " here: name, quantile, slos, type");
  }

  @Test
  void crossReferencesAndDuplicates() throws Exception {
    String yaml = VALID.replace("  - trace: t\n    model: m\n    search_for: isoqps",
            "  - trace: nope\n    model: m2\n    search_for: isoqps")
        .replace("  - scheduler: vllm\n", "  - scheduler: vllm_v1\n    chunk_size: 512\n");
    assertThat(problems(yaml)).containsExactly(
        "16:5: duplicate replica scheduler 'vllm_v1_cs512' (first at line 14); job keys would"
            + " collide",
        "43:5: search config (trace nope, model m2, search_for isoqps): unknown trace 'nope';"
            + " traces: t",
        "43:5: search config (trace nope, model m2, search_for isoqps): unknown model 'm2';"
            + " models: m");
  }

  @Test
  void searchConfigWithoutAnyValidJobIsAProblem() throws Exception {
    String yaml = VALID.replace("    identifier: org/m\n",
        "    identifier: org/m\n    exclude_tp_dims: [1]\n");
    assertThat(problems(yaml)).hasSize(2).allSatisfy(p -> assertThat(p)
        .contains("yields no job: every tp in tp_dimensions [1] is excluded for model m"));

    String singleReplica = VALID.replace("    num_replicas: 2\n    qps: 4.0",
        "    num_replicas: 1\n    qps: 4.0").replace("  - scheduler: round_robin\n", "");
    assertThat(problems(singleReplica)).containsExactly("35:5: search config (trace t, model m,"
        + " search_for qps) yields no job: a qps search with num_replicas 1 runs only round_robin"
        + " (every router is the same on one replica), and global_schedulers has no round_robin");
  }

  @Test
  void missingKeysAndSyntaxErrors() throws Exception {
    assertThat(problems("clusters: []\n")).contains("1:11: clusters: must list at least one item",
        "1:1: study: missing required key 'global_schedulers'");
    assertThat(problems("clusters: [\n")).singleElement().asString()
        .startsWith("2:1: not valid YAML");
    assertThat(problems("")).containsExactly("1:1: the study is empty");
  }

  @Test
  void registeredRoutersAreAccepted() throws Exception {
    String yaml = VALID.replace("scheduler: round_robin", "scheduler: my_router");
    assertThat(problems(yaml)).singleElement().asString().contains("unknown router 'my_router'");
    Study study = StudyReader.read(write(yaml),
        Vocabulary.builtin().withRouters(Set.of("my_router")));
    assertThat(study.globalSchedulers().get(0).key()).isEqualTo("my_router");
  }

  // ---- issue 15, items 6 and 7: inputs that gave meaningless answers or misplaced errors

  @Test
  void sloValueZeroIsAProblemAtTheValue() throws Exception {
    assertThat(problems(VALID.replace("        value: 10\n", "        value: 0\n")))
        .containsExactly("23:16: slo_configs[0].slos[0].value: must be greater than 0 (the bound"
            + " of prefill_e2e_time), found 0; a bound of 0 fails every request, so every"
            + " capacity would be 0");
  }

  @Test
  void binaryFileIsNotUtf8TextWithTheOffsetOfTheFirstBadByte() throws Exception {
    Path file = write("");
    byte[] text = "clusters:\n  - device: h".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] bytes = java.util.Arrays.copyOf(text, text.length + 3);
    bytes[text.length] = (byte) 0x89; // a PNG's first byte: never valid UTF-8 alone
    bytes[text.length + 1] = 'P';
    bytes[text.length + 2] = 'N';
    Files.write(file, bytes);
    StudyValidationException e = catchThrowableOfType(() -> StudyReader.read(file),
        StudyValidationException.class);
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains(file + ":2:14: not a UTF-8 text file: byte 0x89 at offset"
        + " 23 is not UTF-8 (is this a binary file?); the study must be YAML text in UTF-8")
        .doesNotContain("Input length");
  }

  @Test
  void syntaxErrorIsReportedNearWhereTheUnclosedQuoteOpens() throws Exception {
    String yaml = """
        clusters:
          - device: h100
            network_device: h100_dgx
            gpus_per_node: 8
        global_schedulers:
          - scheduler: "round_robin
        request_queues:
          - name: fcfs
            provider: fcfs
        """;
    // snakeyaml gives up at the end of the file (line 10); the quote left open is on line 6
    assertThat(problems(yaml)).singleElement().asString().startsWith("6:16: not valid YAML near"
        + " line 6: while scanning a quoted scalar that starts here (line 6, column 16): found"
        + " unexpected end of stream at line 10, column 1; is a quote or bracket left open?");
    String flow = yaml.replace("\"round_robin\n", "round_robin\n").replace("gpus_per_node: 8",
        "gpus_per_node: [8");
    assertThat(problems(flow)).singleElement().asString().startsWith("4:20: not valid YAML near"
        + " line 4: while parsing a flow sequence that starts here (line 4, column 20)");
  }

  @Test
  void aBadTraceFileIsOneProblemNotOnePerSearchConfig() throws Exception {
    String yaml = VALID.replace("trace_file: traces/t.csv", "trace_file: traces/missing.csv");
    assertThat(problems(yaml)).containsExactly("26:17: traces[0].trace_file: trace file not found: "
        + dir.resolve("traces/missing.csv") + " (resolved against the study's directory)");
    // an unknown name still is a problem, listing the traces the study declares (broken ones too)
    String unknown = yaml.replace("  - trace: t\n    model: m\n    search_for: isoqps",
        "  - trace: nope\n    model: m\n    search_for: isoqps");
    assertThat(problems(unknown)).contains("42:5: search config (trace nope, model m, search_for"
        + " isoqps): unknown trace 'nope'; traces: t").hasSize(2);
  }

  @Test
  void aBrokenModelIsOneProblemNotOnePerSearchConfig() throws Exception {
    // the item is dropped (no identifier), but its name is declared: no unknown-model per config
    String yaml = VALID.replace("    identifier: org/m\n", "    identifier: [org/m]\n");
    assertThat(problems(yaml)).containsExactly(
        "34:17: models[0].identifier: expected a string, found a list");
  }

  @Test
  void keysOfModelsAndClustersAreLocated() throws Exception {
    Study study = StudyReader.read(write(VALID));
    assertThat(study.models().get(0).identifierAt().line()).isEqualTo(34);
    assertThat(study.clusters().get(0).deviceAt().line()).isEqualTo(2);
    assertThat(study.clusters().get(0).networkDeviceAt().line()).isEqualTo(3);
    assertThat(study.traces().get(0).traceFileAt().line()).isEqualTo(26);
    assertThat(study.traces().get(0).maxSeqLenAt().line()).isEqualTo(27);
  }

  @Test
  void clustersNameTheirEngineModeAndApiServerTime() throws Exception {
    Study plain = StudyReader.read(write(VALID));
    assertThat(plain.clusters().get(0).executionMode()).isEqualTo("cuda_graphs");
    assertThat(plain.clusters().get(0).apiServerInputSeconds()).isZero();
    String eager = VALID.replace("gpus_per_node: 8", """
        gpus_per_node: 8
            execution_mode: eager
            api_server_input_seconds: 0.02
            api_server_output_seconds: 0.005""");
    var cluster = StudyReader.read(write(eager)).clusters().get(0);
    assertThat(cluster.executionMode()).isEqualTo("eager");
    assertThat(cluster.apiServerInputSeconds()).isEqualTo(0.02);
    assertThat(cluster.apiServerOutputSeconds()).isEqualTo(0.005);
    // the same node type with and without CUDA graphs, or API-server time, are two clusters, not duplicates
    assertThat(plain.clusters().get(0).key()).isEqualTo("h100_dgx");
    assertThat(cluster.key()).isEqualTo("h100_dgx_eager_api0.02+0.005");
    String both = VALID.replace("clusters:\n", """
        clusters:
          - device: h100
            network_device: h100_dgx
            gpus_per_node: 8
            execution_mode: eager
        """);
    assertThat(StudyReader.read(write(both)).clusters()).extracting(ClusterSpec::key)
        .containsExactly("h100_dgx_eager", "h100_dgx");
    String wrong = VALID.replace("gpus_per_node: 8", """
        gpus_per_node: 8
            execution_mode: graphs
            api_server_output_seconds: -1""");
    assertThat(problems(wrong)).containsExactly(
        "5:21: clusters[0].execution_mode: unknown execution mode 'graphs'; allowed: cuda_graphs, eager, none",
        "6:32: clusters[0].api_server_output_seconds: must be at least 0, found -1");
  }

  @Test
  void aSearchConfigMayDisaggregatePrefillAndDecode() throws Exception {
    String disaggregated = VALID.replace(
        "    num_replicas: 2\n    qps: 4.0\n    num_requests: 100\n",
        "    num_replicas: 2\n    qps: 4.0\n    num_requests: 100\n    layout:\n      prefill_replicas: 1\n"
            + "      decode_replicas: 1\n      kv_link_gbps: 50\n");
    assertThat(disaggregated).contains("layout:");
    SearchConfig s = StudyReader.read(write(disaggregated)).searchConfigs().get(0);
    assertThat(s.layout().decodeRouter()).isEqualTo("lor");
    assertThat(s.key()).isEqualTo("qps_r2_q4.0_reqs100_1P1D_kv50.0g");
    assertThat(StudyReader.read(write(VALID)).searchConfigs().get(0).key()).isEqualTo("qps_r2_q4.0_reqs100");
    String wrong = disaggregated.replace("decode_replicas: 1", "decode_replicas: 3")
        .replace("kv_link_gbps: 50", "kv_link_gbps: 50\n      decode_router: nearest");
    assertThat(problems(wrong)).anySatisfy(p -> assertThat(p).contains("decode_router")
        .contains("allowed"));
    assertThat(problems(disaggregated.replace("decode_replicas: 1", "decode_replicas: 3")))
        .anySatisfy(p -> assertThat(p).contains("num_replicas: 2 is not the layout's 1 prefill + 3 decode"));
  }

  @Test
  void aLayoutsPoolsMayRunOnNodeTypesOfTheirOwnAndStreamTheKvCache() throws Exception {
    String pools = VALID.replace("    gpus_per_node: 8\n", "    gpus_per_node: 8\n    cost_per_gpu_hour: 3.0\n"
        + "  - device: a100_40gb\n    network_device: a100_40gb_dgx\n    gpus_per_node: 8\n"
        + "    cost_per_gpu_hour: 1.2\n").replace(
        "    num_replicas: 2\n    qps: 4.0\n    num_requests: 100\n",
        "    num_replicas: 8\n    qps: 4.0\n    num_requests: 100\n    layout:\n      prefill_replicas: 2\n"
            + "      decode_network_device: a100_40gb_dgx\n      kv_transfer: layerwise\n      decode_tp: 2\n");
    assertThat(pools).contains("cost_per_gpu_hour: 1.2").contains("kv_transfer");
    SearchConfig s = StudyReader.read(write(pools)).searchConfigs().get(0);
    LayoutSpec l = s.layout();
    assertThat(s.key()).isEqualTo("qps_r8_q4.0_reqs100_2P6D_tp0-2_kv-layerwise_dd-a100_40gb_dgx");
    assertThat(l.prefillPool()).isNull();
    assertThat(l.decodePool()).isEqualTo(new LayoutSpec.Pool("a100_40gb_dgx", null, 1.2)); // a catalog node type
    assertThat(l.layerwise()).isTrue();
    // on the h100_dgx cluster at TP 1: 2 GPUs at 3.0 and 6 x 2 at 1.2, (6 + 14.4) / 14 per GPU-hour
    assertThat(l.costPerGpuHour(3.0, 1)).isCloseTo((2 * 3.0 + 12 * 1.2) / 14, within(1e-12));
    assertThat(l.costPerGpuHour(null, 1)).isNull(); // the prefill pool's price is unknown
    // the default transfer, named, is the same job; the key is unchanged without the new keys
    String named = pools.replace("kv_transfer: layerwise", "kv_transfer: after_prefill");
    assertThat(StudyReader.read(write(named)).searchConfigs().get(0).key())
        .isEqualTo("qps_r8_q4.0_reqs100_2P6D_tp0-2_dd-a100_40gb_dgx");
    // a catalog node type the clusters do not list: no price
    String catalog = pools.replace("      decode_network_device: a100_40gb_dgx\n",
        "      decode_network_device: a100_40gb_dgx\n      prefill_network_device: h200_hgx\n");
    LayoutSpec c = StudyReader.read(write(catalog)).searchConfigs().get(0).layout();
    assertThat(c.prefillPool()).isEqualTo(new LayoutSpec.Pool("h200_hgx", null, null));
    assertThat(c.costPerGpuHour(3.0, 1)).isNull();
    assertThat(c.key()).endsWith("_kv-layerwise_pd-h200_hgx_dd-a100_40gb_dgx");
    // an inline cluster's node type comes with its definition
    String inline = pools.replace("  - device: a100_40gb\n    network_device: a100_40gb_dgx\n    gpus_per_node: 8\n",
        "  - device: my_gpu\n    network_device: my_node\n    gpus_per_node: 4\n    memory_gb: 48\n"
            + "    bf16_tflops: 200\n    memory_bandwidth_gbps: 1000\n    interconnect_gbps: 64\n").replace("decode_network_device: a100_40gb_dgx", "decode_network_device: my_node");
    LayoutSpec.Pool mine = StudyReader.read(write(inline)).searchConfigs().get(0).layout().decodePool();
    assertThat(mine.node().name()).isEqualTo("my_node");
    assertThat(mine.node().device().name()).isEqualTo("my_gpu");
    assertThat(mine.costPerGpuHour()).isEqualTo(1.2);
    // unknown names and modes, at their line, with what is allowed
    int line = pools.lines().toList().indexOf("      decode_network_device: a100_40gb_dgx") + 1;
    assertThat(problems(pools.replace("decode_network_device: a100_40gb_dgx", "decode_network_device: a100")))
        .containsExactly(line + ":30: search_configs[0].layout.decode_network_device: unknown node type 'a100';"
            + " allowed: a clusters[] network_device or a catalog node type: h100_dgx, a100_40gb_dgx, a100_dgx,"
            + " a100_pairwise_nvlink, h100_pairwise_nvlink, a40_pairwise_nvlink, h200_hgx, b200_hgx,"
            + " l40s_pcie, mi300x_platform");
    assertThat(problems(pools.replace("kv_transfer: layerwise", "kv_transfer: streamed")))
        .anySatisfy(p -> assertThat(p).contains("kv_transfer: unknown kv_transfer 'streamed'; allowed: after_prefill,"
            + " layerwise"));
    // two clusters of one node type at two prices: which would the pool pay?
    String twoPrices = pools.replace("    cost_per_gpu_hour: 1.2\n", "    cost_per_gpu_hour: 1.2\n"
        + "  - device: a100_40gb\n    network_device: a100_40gb_dgx\n    gpus_per_node: 8\n"
        + "    execution_mode: eager\n    cost_per_gpu_hour: 1.5\n");
    assertThat(problems(twoPrices)).anySatisfy(p -> assertThat(p)
        .contains("the clusters of network_device 'a100_40gb_dgx' (lines 6, 10) differ in cost_per_gpu_hour [1.2, 1.5]"));
  }

  @Test
  void aListOfPrefillCountsSearchesEverySplitOfTheReplicas() throws Exception {
    String splits = VALID.replace(
        "    num_replicas: 2\n    qps: 4.0\n    num_requests: 100\n",
        "    num_replicas: 8\n    qps: 4.0\n    num_requests: 100\n    layout:\n"
            + "      prefill_replicas: [4, 2, 3]\n");
    List<SearchConfig> searches = StudyReader.read(write(splits)).searchConfigs();
    assertThat(searches).extracting(SearchConfig::key).startsWith("qps_r8_q4.0_reqs100_2P6D",
        "qps_r8_q4.0_reqs100_3P5D", "qps_r8_q4.0_reqs100_4P4D");
    assertThat(problems(splits.replace("[4, 2, 3]", "[4, 8]")))
        .anySatisfy(p -> assertThat(p).contains("8 leaves no decode replica of the 8 (num_replicas)"));
    assertThat(problems(splits.replace("[4, 2, 3]", "[]")))
        .anySatisfy(p -> assertThat(p).contains("give a non-empty list and no decode_replicas"));
  }

  @Test
  void aSearchConfigMayAddKvCacheTiersBelowGpuMemory() throws Exception {
    String tiered = VALID.replace(
        "    num_replicas: 2\n    qps: 4.0\n    num_requests: 100\n",
        "    num_replicas: 2\n    qps: 4.0\n    num_requests: 100\n    kv_tiers:\n      cpu_gb: 64\n"
            + "      pool_gb: 1000\n      pool_latency_s: 0.0001\n");
    assertThat(tiered).contains("kv_tiers:");
    SearchConfig s = StudyReader.read(write(tiered)).searchConfigs().get(0);
    assertThat(s.kvTiers().cpuGb()).isEqualTo(64.0);
    assertThat(s.kvTiers().cpuGbps()).isNull();
    assertThat(s.key()).isEqualTo("qps_r2_q4.0_reqs100_cpukv64.0g_poolkv1000.0g_poolkvlat0.0001");
    assertThat(dev.capacity.plugin.results.JobResult.tiers(s.key())).isEqualTo(" + cpu 64 GB + pool 1000 GB");
    assertThat(problems(tiered.replace("cpu_gb: 64", "cpu_gb: 0")))
        .anySatisfy(p -> assertThat(p).contains("cpu_gb"));
    assertThat(problems(tiered.replace("      cpu_gb: 64\n", "").replace("pool_gb: 1000", "pool_gbps: 10")))
        .anySatisfy(p -> assertThat(p).contains("give cpu_gb"));
    assertThat(problems(tiered.replace("cpu_gb: 64", "cpu_gigabytes: 64")))
        .anySatisfy(p -> assertThat(p).contains("cpu_gigabytes").contains("cpu_gb"));
    assertThat(problems(tiered.replace("enable_prefix_caching: true", "enable_prefix_caching: false")))
        .anySatisfy(p -> assertThat(p).contains("enable_prefix_caching: false"));
  }
}
