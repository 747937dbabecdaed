package dev.capacity.plugin.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.capacity.plugin.grid.Job;
import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.run.InputChecks;
import dev.capacity.plugin.run.JobConfigs;
import dev.capacity.plugin.search.Probe;
import dev.capacity.simulator.SimulationConfig;
import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.hardware.Catalog;
import dev.capacity.simulator.hardware.DeviceSpec;
import dev.capacity.simulator.hardware.NodeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models, devices and node types a study defines itself, and per-cluster / per-model precisions. */
class InlineDefinitionsTest {
  @TempDir Path dir;

  /** A valid study; {@code @CLUSTER@} and {@code @MODEL@} are the items' extra lines. */
  static final String STUDY = """
      clusters:
        - device: h100
          network_device: h100_dgx
          gpus_per_node: 8
      @CLUSTER@
      global_schedulers:
        - scheduler: round_robin
      request_queues:
        - name: fcfs
          provider: fcfs
      replica_schedulers:
        - scheduler: vllm_v1
          chunk_size: 512
      slo_configs:
        - name: ttft
          quantile: 0.9
          slos:
            - metric: prefill_e2e_time
              value: 10
      traces:
        - name: t
          trace_file: "bundled:mooncake/conversation_trace.jsonl"
          max_seq_len: 131072
      batch_sizes: [64]
      tp_dimensions: [1, 2]
      pp_dimensions: [1]
      models:
        - name: m
          identifier: meta-llama/Meta-Llama-3-8B
      @MODEL@
      search_configs:
        - trace: t
          model: m
          search_for: qps
          num_replicas: 1
          qps: 1
          num_requests: 50
      """;

  static final String MIXTRAL_CONFIG = """
      {
        "architectures": ["MixtralForCausalLM"],
        "hidden_size": 4096,
        "intermediate_size": 14336,
        "max_position_embeddings": 32768,
        "model_type": "mixtral",
        "num_attention_heads": 32,
        "num_experts_per_tok": 2,
        "num_hidden_layers": 32,
        "num_key_value_heads": 8,
        "num_local_experts": 8,
        "rope_theta": 1000000.0,
        "tie_word_embeddings": false,
        "torch_dtype": "bfloat16",
        "vocab_size": 32000
      }
      """;

  private Path write(String cluster, String model) throws IOException {
    Path file = dir.resolve("capacity.yaml");
    // a model of its own is the one searched
    String study = model.isEmpty() ? STUDY : STUDY.replace("model: m\n", "model: "
        + model.substring(model.indexOf("name: ") + 6, model.indexOf('\n')) + "\n");
    Files.writeString(file, study.replace("@CLUSTER@\n", shift(cluster))
        .replace("@MODEL@\n", shift(model)));
    return file;
  }

  /** The items' text blocks are indented 2 more than the study's. */
  private static String shift(String items) {
    return items.replaceAll("(?m)^  ", "");
  }

  private List<String> problems(String cluster, String model) throws IOException {
    StudyValidationException e = catchThrowableOfType(() -> StudyReader.read(write(cluster, model)),
        StudyValidationException.class);
    assertThat(e).as("expected validation problems").isNotNull();
    return e.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
  }

  @Test
  void withoutNewKeysNothingChanges() throws Exception {
    Study study = StudyReader.read(write("", ""));
    ClusterSpec c = study.clusters().get(0);
    assertThat(c.node()).isNull();
    assertThat(c.key()).isEqualTo("h100_dgx");
    assertThat(study.models().get(0).architecture()).isNull();
    SimulationConfig config = JobConfigs.simulation(JobGrid.expand(study).get(0), new Probe(1, 1.0),
        study.settings());
    assertThat(config.modelSpec()).isNull();
    assertThat(config.nodeSpec()).isNull();
    assertThat(config.weightDtype()).isNull();
    assertThat(config.kvCacheDtype()).isNull();
    assertThat(config.expertParallel()).isFalse();
  }

  @Test
  void mixtralConfigJsonIsTheCatalogsMixtral() throws Exception {
    Files.writeString(dir.resolve("mixtral.json"), MIXTRAL_CONFIG);
    Study study = StudyReader.read(write("", """
          - name: mixtral
            identifier: mistralai/Mixtral-8x7B-v0.1
            config: mixtral.json
      """));
    assertThat(study.models().get(1).architecture())
        .isEqualTo(Catalog.model("mistralai/Mixtral-8x7B-v0.1"));
  }

  @Test
  void inlineQwen3MoeIsTheCatalogsQwen3() throws Exception {
    Study study = StudyReader.read(write("", """
          - name: qwen3
            identifier: Qwen/Qwen3-30B-A3B
            num_hidden_layers: 48
            hidden_size: 2048
            num_attention_heads: 32
            num_key_value_heads: 4
            head_dim: 128
            intermediate_size: 6144
            moe_intermediate_size: 768
            num_experts: 128
            num_experts_per_tok: 8
            vocab_size: 151936
            max_position_embeddings: 40960
            tie_word_embeddings: false
      """));
    assertThat(study.models().get(1).architecture()).isEqualTo(Catalog.model("Qwen/Qwen3-30B-A3B"));
  }

  @Test
  void inlineDenseLlamaIsTheCatalogsLlama() throws Exception {
    Study study = StudyReader.read(write("", """
          - name: llama
            identifier: meta-llama/Llama-3.1-8B
            num_hidden_layers: 32
            hidden_size: 4096
            num_attention_heads: 32
            num_key_value_heads: 8
            intermediate_size: 14336
            vocab_size: 128256
            max_position_embeddings: 131072
            weight_dtype: fp8
            kv_cache_dtype: fp8
      """));
    ModelSpec m = study.models().get(1);
    assertThat(m.architecture()).isEqualTo(Catalog.model("meta-llama/Llama-3.1-8B"));
    assertThat(m.weightDtype()).isEqualTo("fp8");
    assertThat(m.kvCacheDtype()).isEqualTo("fp8");
  }

  @Test
  void inlineDeviceAndNodeReachTheSimulationConfig() throws Exception {
    Study study = StudyReader.read(write("""
          - device: acme_x1
            network_device: acme_x1_box
            gpus_per_node: 4
            memory_gb: 96
            bf16_tflops: 500
            memory_bandwidth_gbps: 4000
            interconnect_gbps: 200
            weight_dtype: fp8
            expert_parallel: true
      """, ""));
    ClusterSpec c = study.clusters().get(1);
    NodeSpec expected = new NodeSpec("acme_x1_box", new DeviceSpec("acme_x1", 96, 500, 4000, 0), 4,
        200, 20);
    assertThat(c.node()).isEqualTo(expected);
    assertThat(c.key()).isEqualTo("acme_x1_box_wfp8_ep");
    Job job = JobGrid.expand(study).stream().filter(j -> j.cluster() == c).findFirst().orElseThrow();
    assertThat(job.key()).startsWith("m_t_tk131072_acme_x1_box_wfp8_ep_round_robin_");
    SimulationConfig config = JobConfigs.simulation(job, new Probe(1, 1.0), study.settings());
    assertThat(config.nodeSpec()).isEqualTo(expected);
    assertThat(config.networkDevice()).isEqualTo("acme_x1_box");
    assertThat(config.device()).isEqualTo("acme_x1");
    assertThat(config.weightDtype()).isEqualTo("fp8");
    assertThat(config.expertParallel()).isTrue();
  }

  @Test
  void clusterPrecisionOverridesTheModelsAndSeparatesJobs() throws Exception {
    Study study = StudyReader.read(write("""
          - device: h100
            network_device: h100_dgx
            gpus_per_node: 8
            kv_cache_dtype: fp8
      """, """
          - name: m8
            identifier: meta-llama/Llama-3.1-8B
            kv_cache_dtype: fp16
            weight_dtype: fp8
      """));
    List<Job> jobs = JobGrid.expand(study);
    assertThat(jobs).extracting(Job::hash).doesNotHaveDuplicates();
    assertThat(jobs).extracting(j -> j.cluster().key()).contains("h100_dgx", "h100_dgx_kvfp8");
    for (Job j : jobs) {
      SimulationConfig config = JobConfigs.simulation(j, new Probe(1, 1.0), study.settings());
      assertThat(config.weightDtype()).isEqualTo("fp8");
      assertThat(config.kvCacheDtype()).isEqualTo(j.cluster().kvCacheDtype() != null ? "fp8" : "fp16");
    }
  }

  @Test
  void inlineCatalogValuesAreTheCatalogNode() throws Exception {
    Study study = StudyReader.read(write("""
          - device: h100
            network_device: h100_dgx
            gpus_per_node: 8
            memory_gb: 80
            bf16_tflops: 989
            fp8_tflops: 1979
            memory_bandwidth_gbps: 3350
            interconnect_gbps: 450
            weight_dtype: bf16
      """, ""));
    assertThat(study.clusters().get(1).node()).isNull();
    assertThat(study.clusters().get(1).key()).isEqualTo("h100_dgx_wbf16");
  }

  @Test
  void badInlineKeysAreLocatedWithTheAllowedValues() throws Exception {
    List<String> problems = problems("""
          - device: acme_x1
            network_device: acme_x1_box
            gpus_per_node: 4
            memory_gb: 96
            bf16_tflops: fast
            memory_bandwidth_gbps: 4000
            interconnect_gbps: 200
            interconnect_latency_us: -1
            weight_dtype: int4
            expert_parallel: maybe
            memory_clock: 3
      """, """
          - name: tiny
            identifier: acme/Tiny
            num_hidden_layers: 0
            hidden_size: 512
            num_attention_heads: 8
            intermediate_size: 1024
            vocab_size: 1000
            max_position_embeddings: 2048
            num_experts_per_tok: 2
            kv_cache_dtype: fp4
      """);
    assertThat(problems).containsExactly(
        "9:18: clusters[1].bf16_tflops: expected a number, found string 'fast'",
        "12:30: clusters[1].interconnect_latency_us: must be at least 0, found -1",
        "13:19: clusters[1].weight_dtype: unknown weight dtype 'int4'; allowed: bf16, fp16, fp8",
        "14:22: clusters[1].expert_parallel: expected true or false, found string 'maybe'",
        "15:5: clusters[1]: unknown key 'memory_clock'; allowed keys here: device, network_device,"
            + " gpus_per_node, execution_mode, api_server_input_seconds, api_server_output_seconds,"
            + " cost_per_gpu_hour, memory_gb, bf16_tflops, memory_bandwidth_gbps, interconnect_gbps,"
            + " fp8_tflops, interconnect_latency_us, weight_dtype, kv_cache_dtype, expert_parallel",
        "40:5: models[1]: num_experts_per_tok only apply to a mixture of experts; add num_experts (or"
            + " num_local_experts) or remove them",
        "42:24: models[1].num_hidden_layers: must be at least 1, found 0",
        "49:21: models[1].kv_cache_dtype: unknown kv cache dtype 'fp4'; allowed: bf16, fp16, fp8");
  }

  @Test
  void hardwareKeysComeAllFourOrNone() throws Exception {
    assertThat(problems("""
          - device: acme_x1
            network_device: acme_x1_box
            gpus_per_node: 4
            memory_gb: 96
            fp8_tflops: 100
      """, "")).containsExactly("5:5: clusters[1]: a cluster that defines its own device needs all of"
        + " memory_gb, bf16_tflops, memory_bandwidth_gbps, interconnect_gbps; missing: bf16_tflops,"
        + " memory_bandwidth_gbps, interconnect_gbps");
    assertThat(problems("""
          - device: h100
            network_device: h100_pairwise_nvlink
            gpus_per_node: 4
            interconnect_latency_us: 5
      """, "")).containsExactly("8:30: clusters[1].interconnect_latency_us: only a cluster that"
        + " defines its own device takes 'interconnect_latency_us' (with memory_gb, bf16_tflops,"
        + " memory_bandwidth_gbps, interconnect_gbps); a catalog node type has its own");
  }

  @Test
  void catalogNamesKeepTheirValues() throws Exception {
    List<String> device = problems("""
          - device: h100
            network_device: my_box
            gpus_per_node: 8
            memory_gb: 96
            bf16_tflops: 989
            memory_bandwidth_gbps: 3350
            interconnect_gbps: 450
      """, "");
    assertThat(device).singleElement().asString().startsWith("5:13: clusters[1].device: 'h100' is a"
        + " catalog device (memory_gb 80, bf16_tflops 989, fp8_tflops 1979, memory_bandwidth_gbps"
        + " 3350), not memory_gb 96,");
    List<String> node = problems("""
          - device: acme_x1
            network_device: h100_dgx
            gpus_per_node: 8
            memory_gb: 96
            bf16_tflops: 989
            memory_bandwidth_gbps: 3350
            interconnect_gbps: 450
      """, "");
    assertThat(node).singleElement().asString().startsWith("6:21: clusters[1].network_device:"
        + " 'h100_dgx' is a catalog node type (8 x h100 ");
  }

  @Test
  void oneNameOneNodeType() throws Exception {
    String acme = """
          - device: acme_x1
            network_device: acme_box
            gpus_per_node: 4
            memory_gb: 96
            bf16_tflops: 500
            memory_bandwidth_gbps: 4000
            interconnect_gbps: 200
      """;
    assertThat(problems(acme + acme.replace("500", "600").replace("4\n", "4\n      weight_dtype: fp8\n"),
        "")).containsExactly("13:21: network_device 'acme_box' is defined differently at line 5;"
            + " one name, one node type: give this one another name");
    // same definition, another precision: two clusters, two keys
    Study study = StudyReader.read(write(acme + acme.replace("4\n", "4\n      weight_dtype: fp8\n"), ""));
    assertThat(study.clusters()).extracting(ClusterSpec::key)
        .containsExactly("h100_dgx", "acme_box", "acme_box_wfp8");
  }

  @Test
  void configJsonProblemsNameTheFileAndKey() throws Exception {
    String model = """
          - name: mixtral
            identifier: acme/Mixtral
            config: models/mixtral.json
      """;
    Path json = dir.resolve("models/mixtral.json");
    assertThat(problems("", model)).singleElement().asString().isEqualTo(
        "31:13: models[1].config: config file not found: " + json + " (resolved against the study's"
            + " directory)");
    Files.createDirectories(json.getParent());
    Files.writeString(json, MIXTRAL_CONFIG.replace("\"vocab_size\": 32000", "\"vocab_sizes\": 32000")
        .replace("\"num_experts_per_tok\": 2", "\"num_experts_per_tok\": \"two\""));
    assertThat(problems("", model)).containsExactly(
        "31:13: models[1].config: " + json + ": 'num_experts_per_tok' must be an integer >= 1, found"
            + " \"two\"",
        "31:13: models[1].config: " + json + ": the architecture of 'acme/Mixtral' lacks vocab_size"
            + " (config.json keys)");
    Files.writeString(json, "{\"hidden_size\": 4096,");
    assertThat(problems("", model)).singleElement().asString()
        .startsWith("31:13: models[1].config: " + json + ":1:").contains("not valid JSON");
    assertThat(problems("", model + "      hidden_size: 4096\n")).singleElement().asString()
        .isEqualTo("31:13: models[1].config: give the architecture either as config: or as inline"
            + " keys, not both (inline: hidden_size)");
  }

  @Test
  void inputChecksAcceptOwnDefinitionsAndWarnOfAnOverride() throws Exception {
    Study study = StudyReader.read(write("""
          - device: acme_x1
            network_device: acme_x1_box
            gpus_per_node: 4
            memory_gb: 96
            bf16_tflops: 500
            memory_bandwidth_gbps: 4000
            interconnect_gbps: 200
      """, """
          - name: own
            identifier: acme/Tiny
            num_hidden_layers: 4
            hidden_size: 512
            num_attention_heads: 8
            intermediate_size: 1024
            vocab_size: 1000
            max_position_embeddings: 2048
          - name: override
            identifier: meta-llama/Llama-3.1-8B
            num_hidden_layers: 16
            hidden_size: 4096
            num_attention_heads: 32
            num_key_value_heads: 8
            intermediate_size: 14336
            vocab_size: 128256
            max_position_embeddings: 131072
      """));
    InputChecks.Findings findings = InputChecks.check(study, Simulator.withDefaults());
    assertThat(findings.problems()).isEmpty();
    assertThat(findings.warnings()).singleElement().asString()
        .endsWith("models[2]: the architecture given for 'meta-llama/Llama-3.1-8B' overrides the"
            + " catalog's (and its profiles apply only where the shapes match)");
  }

  @Test
  void everyExampleStudyReads() throws Exception {
    Path examples = Path.of("..", "examples");
    List<Path> studies;
    try (var files = Files.list(examples)) {
      studies = files.map(d -> d.resolve("capacity.yaml")).filter(Files::isRegularFile).toList();
    }
    assertThat(studies).hasSizeGreaterThanOrEqualTo(2);
    for (Path yaml : studies) {
      Study study = StudyReader.read(yaml);
      assertThat(JobGrid.expand(study)).as(yaml.toString()).isNotEmpty();
    }
  }
}
