package dev.capacity.plugin.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.results.StudyInputs;
import dev.capacity.plugin.search.Probe;
import dev.capacity.plugin.study.Study;
import dev.capacity.plugin.study.StudyReader;
import dev.capacity.simulator.SimulationConfig;
import dev.capacity.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A probe's fingerprint and the results' {@link StudyInputs} change when a definition the study gives
 * itself (a model's architecture, a device or node type) changes, though no name does.
 */
class InlineDefinitionIdentityTest {
  private static final String STUDY = """
      clusters:
        - device: acme_x1
          network_device: acme_x1_box
          gpus_per_node: 4
          memory_gb: 96
          bf16_tflops: 500
          memory_bandwidth_gbps: @BW@
          interconnect_gbps: 200
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
      tp_dimensions: [1]
      pp_dimensions: [1]
      models:
        - name: tiny
          identifier: acme/Tiny
          num_hidden_layers: @LAYERS@
          hidden_size: 2048
          num_attention_heads: 16
          num_key_value_heads: 4
          intermediate_size: 8192
          vocab_size: 32000
          max_position_embeddings: 8192
      search_configs:
        - trace: t
          model: tiny
          search_for: qps
          num_replicas: 1
          qps: 1
          num_requests: 50
      """;

  @TempDir Path dir;

  private SimulationConfig config(String bandwidth, String layers) throws Exception {
    Path yaml = dir.resolve("capacity.yaml");
    Files.writeString(yaml, STUDY.replace("@BW@", bandwidth).replace("@LAYERS@", layers));
    Study study = StudyReader.read(yaml);
    return JobConfigs.simulation(JobGrid.expand(study).get(0), new Probe(1, 1.0), study.settings());
  }

  @Test
  void definitionsArePartOfTheFingerprintAndTheInputs() throws Exception {
    ProbeFingerprints fingerprints = new ProbeFingerprints(Simulator.withDefaults(), dir.resolve("out"));
    SimulationConfig base = config("4000", "16");
    SimulationConfig device = config("4100", "16");
    SimulationConfig model = config("4000", "24");
    assertThat(List.of(fingerprints.of(base), fingerprints.of(device), fingerprints.of(model)))
        .doesNotHaveDuplicates();
    assertThat(fingerprints.of(config("4000", "16"))).isEqualTo(fingerprints.of(base));

    Map<String, String> t = Map.of();
    StudyInputs baseInputs = fingerprints.inputs(List.of(base), t);
    assertThat(baseInputs.definitions()).containsOnlyKeys("model acme/Tiny", "node acme_x1_box");
    StudyInputs deviceInputs = fingerprints.inputs(List.of(device), t);
    StudyInputs modelInputs = fingerprints.inputs(List.of(model), t);
    assertThat(deviceInputs).isNotEqualTo(baseInputs);
    assertThat(deviceInputs.definitions().get("model acme/Tiny"))
        .isEqualTo(baseInputs.definitions().get("model acme/Tiny"));
    assertThat(deviceInputs.definitions().get("node acme_x1_box"))
        .isNotEqualTo(baseInputs.definitions().get("node acme_x1_box"));
    assertThat(modelInputs.definitions().get("model acme/Tiny"))
        .isNotEqualTo(baseInputs.definitions().get("model acme/Tiny"));
    // shards computed from different definitions cannot be merged
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> baseInputs.union(deviceInputs))
        .hasMessageContaining("definition of node acme_x1_box");
  }

  @Test
  void definitionsSurviveJsonAsProbesSentToOtherMachines() throws Exception {
    SimulationConfig c = config("4000", "16");
    SimulationConfig back = Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(c),
        SimulationConfig.class);
    assertThat(back).isEqualTo(c);
    assertThat(back.nodeSpec().device().memoryBandwidthGbps()).isEqualTo(4000);
  }

  @Test
  void studiesWithoutDefinitionsKeepTheirResultsJson() throws Exception {
    StudyInputs plain = new StudyInputs("v", "s", "p", Map.of(), Map.of(), Map.of());
    String json = Json.MAPPER.writeValueAsString(plain);
    assertThat(json).doesNotContain("definitions");
    assertThat(Json.MAPPER.readValue(json, StudyInputs.class)).isEqualTo(plain);
  }
}
