package dev.capacity.simulator.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.simulator.SimulationInputException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class CatalogTest {
  /** Vidur's eight models, the ones with bundled profiles. */
  private static final java.util.Set<String> PROFILED = java.util.Set.of("meta-llama/Meta-Llama-3-8B",
      "meta-llama/Meta-Llama-3-70B", "meta-llama/Llama-2-7b-hf", "meta-llama/Llama-2-70b-hf",
      "codellama/CodeLlama-34b-Instruct-hf", "internlm/internlm-20b", "Qwen/Qwen-72B", "microsoft/phi-2");

  @Test
  void acceptsFullAndShortModelNames() {
    assertThat(Catalog.model("Meta-Llama-3-8B")).isSameAs(Catalog.model("meta-llama/Meta-Llama-3-8B"));
    assertThat(Catalog.model("phi-2").headDim()).isEqualTo(80);
    assertThat(Catalog.models()).hasSize(16);
    assertThat(Catalog.model("Qwen3-30B-A3B").headDim()).as("explicit head_dim, not 2048 / 32").isEqualTo(128);
  }

  @Test
  void unknownNamesListWhatIsAllowed() {
    assertThatThrownBy(() -> Catalog.model("llama-4"))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("unknown model 'llama-4'")
        .hasMessageContaining("meta-llama/Meta-Llama-3-8B")
        .hasMessageContaining("microsoft/phi-2");
    assertThatThrownBy(() -> Catalog.device("b300"))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("allowed: a100, h100, a40, a100_40gb, h200, b200, l40s, mi300x");
    assertThatThrownBy(() -> Catalog.node("h200_dgx"))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining(
            "allowed: a100_dgx, h100_dgx, a100_pairwise_nvlink, h100_pairwise_nvlink, a40_pairwise_nvlink,"
                + " a100_40gb_dgx, h200_hgx, b200_hgx, l40s_pcie, mi300x_platform");
  }

  @Test
  void nodesAndDevicesFollowVidur() {
    assertThat(Catalog.node("a40_pairwise_nvlink").devicesPerNode()).isEqualTo(8);
    assertThat(Catalog.node("a100_pairwise_nvlink").devicesPerNode()).isEqualTo(4);
    assertThat(Catalog.node("h100_dgx").device()).isEqualTo(Catalog.H100);
    assertThat(Catalog.A40.totalMemoryGb()).isEqualTo(45);
  }

  /** Every row of every bundled mlp.csv of a catalog model carries exactly the catalog's shape. */
  @Test
  void shapesMatchTheBundledProfiles() throws Exception {
    int files = 0;
    for (ModelSpec m : Catalog.models()) {
      if (!PROFILED.contains(m.identifier())) {
        continue;
      }
      int filesForModel = 0;
      for (String device : new String[] {"a100", "h100", "a40"}) {
        String path = "/profiles/compute/" + device + "/" + m.identifier() + "/mlp.csv";
        InputStream in = CatalogTest.class.getResourceAsStream(path);
        if (in == null) {
          continue;
        }
        files++;
        filesForModel++;
        try (CSVParser p =
            CSVParser.parse(
                new InputStreamReader(in, StandardCharsets.UTF_8),
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
          for (CSVRecord r : p) {
            assertThat(Integer.parseInt(r.get("n_head"))).as(path).isEqualTo(m.numQHeads());
            assertThat(Integer.parseInt(r.get("n_kv_head"))).as(path).isEqualTo(m.numKvHeads());
            assertThat(Integer.parseInt(r.get("n_embd"))).as(path).isEqualTo(m.embeddingDim());
            assertThat(Integer.parseInt(r.get("n_expanded_embd"))).as(path).isEqualTo(m.mlpHiddenDim());
            assertThat(Integer.parseInt(r.get("vocab_size"))).as(path).isEqualTo(m.vocabSize());
            assertThat(Boolean.parseBoolean(r.get("use_gated_mlp").toLowerCase()))
                .as(path)
                .isEqualTo(m.gatedMlp());
          }
          assertThat(p.getHeaderMap().containsKey("time_stats.post_attention_layernorm.median"))
              .as(path)
              .isEqualTo(m.postAttnNorm());
        }
      }
      assertThat(filesForModel).as(m.identifier()).isPositive();
    }
    assertThat(files).isEqualTo(22);
  }
}
