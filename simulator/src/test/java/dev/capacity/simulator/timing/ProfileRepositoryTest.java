package dev.capacity.simulator.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.capacity.simulator.SimulationInputException;
import dev.capacity.simulator.hardware.Catalog;
import dev.capacity.simulator.hardware.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileRepositoryTest {
  private static final ModelSpec LLAMA3_8B = Catalog.model("Meta-Llama-3-8B");

  /**
   * compute/h100/meta-llama/Meta-Llama-3-8B/mlp.csv, TP1, medians in ms of attn_pre_proj,
   * attn_post_proj, attn_rope, input_layernorm, post_attention_layernorm, mlp_up_proj, mlp_act,
   * mlp_down_proj, add:
   * <pre>
   * line 262, num_tokens 1024: 0.0895 0.048 0.012 0.013 0.014 0.3165 0.045 0.137 0.007 -> 0.682 ms
   * line 261, num_tokens 1040: 0.088  0.065 0.013 0.013 0.013 0.385  0.045 0.200 0.008 -> 0.830 ms
   * </pre>
   * At 1032 tokens (halfway): (0.682 + 0.830) / 2 = 0.756 ms.
   */
  @Test
  void interpolatesAtAndBetweenProfiledTokenCounts() {
    PiecewiseLinear curve =
        ProfileRepository.classpath().linearOps(LLAMA3_8B, Catalog.H100, 1).orElseThrow();
    assertThat(curve.valueAt(1024)).isCloseTo(0.682e-3, within(1e-12));
    assertThat(curve.valueAt(1040)).isCloseTo(0.830e-3, within(1e-12));
    assertThat(curve.valueAt(1032)).isCloseTo(0.756e-3, within(1e-12));
    assertThat(curve.valueAt(1028)).isCloseTo(0.682e-3 + 0.25 * 0.148e-3, within(1e-12));

    ProfiledTimingModel model =
        (ProfiledTimingModel)
            TimingModels.create(
                LLAMA3_8B, Catalog.node("h100_dgx"), 1, 1, ProfileRepository.classpath(), w -> {});
    // the table is indexed by tokens rounded up to a multiple of 8, as Vidur rounds: 1025..1032 -> 1032
    assertThat(model.layerSeconds(1032)).isCloseTo(0.756e-3, within(1e-12));
    assertThat(model.layerSeconds(1025)).isEqualTo(model.layerSeconds(1032));
  }

  /**
   * Beyond the last profiled count the curve follows the least-squares line of its upper range (points at
   * or above half the last count). The h100 8B TP1 file ends on a falling pair, 16,256 (11.644 ms) and
   * 16,384 (11.50225 ms averaged), which the old last-two-points rule extended flat: 32k tokens as cheap
   * as 16k. Over 8,192-16,384 the GEMMs are compute-bound, so 32k costs about twice 16k.
   */
  @Test
  void extrapolatesAlongTheUpperRangeNotTheLastPair() {
    PiecewiseLinear h100 =
        ProfileRepository.classpath().linearOps(LLAMA3_8B, Catalog.H100, 1).orElseThrow();
    assertThat(h100.maxX()).isEqualTo(16384);
    assertThat(h100.valueAt(16384)).isCloseTo(11.50225e-3, within(1e-12));
    assertThat(h100.valueAt(32768)).isBetween(1.8 * 11.50225e-3, 2.2 * 11.50225e-3);
    assertThat(h100.valueAt(40960)).isGreaterThan(h100.valueAt(32768));
  }

  /** The tail line worked by hand: points (2, 2), (3, 3.2), (4, 2.9) from x >= 4/2; the last pair falls. */
  @Test
  void tailLineIsTheLeastSquaresFitOfTheUpperHalf() {
    PiecewiseLinear c = new PiecewiseLinear(new double[] {1, 2, 3, 4}, new double[] {1, 2, 3.2, 2.9});
    // mean x 3, mean y 8.1/3 = 2.7; sxy = (-1)(-0.7) + 0 + (1)(0.2) = 0.9; sxx = 2; slope 0.45
    assertThat(c.valueAt(6)).isCloseTo(2.7 + 0.45 * (6 - 3), within(1e-12));
    assertThat(c.valueAt(3.5)).isCloseTo(3.05, within(1e-12));
    // a falling upper range is clamped flat at the higher of its mean and its last value
    PiecewiseLinear falling = new PiecewiseLinear(new double[] {1, 2, 3, 4}, new double[] {1, 5, 4, 3});
    assertThat(falling.valueAt(8)).isCloseTo(4.0, within(1e-12));
  }

  /** all_reduce.csv h100_dgx (PR #56 copy), num_workers 2, devices_per_node 2: 2,048 B 0.006 ms, 10,240 B 0.007 ms. */
  @Test
  void allReduceIsInterpolatedBySize() {
    PiecewiseLinear ar = ProfileRepository.classpath().allReduce(Catalog.node("h100_dgx"), 2).orElseThrow();
    assertThat(ar.valueAt(2048)).isCloseTo(0.006e-3, within(1e-12));
    assertThat(ar.valueAt(6144)).isCloseTo(0.0065e-3, within(1e-12));
    assertThat(ar.valueAt(1000)).isCloseTo(0.006e-3, within(1e-12));
  }

  @Test
  void malformedProfileNamesFileAndLine(@TempDir Path dir) throws Exception {
    Path mlp = dir.resolve("compute/h100/meta-llama/Meta-Llama-3-8B/mlp.csv");
    Files.createDirectories(mlp.getParent());
    String header = String.join(",",
        "time_stats.attn_pre_proj.median", "time_stats.attn_post_proj.median",
        "time_stats.attn_rope.median", "time_stats.input_layernorm.median",
        "time_stats.post_attention_layernorm.median", "time_stats.mlp_up_proj.median",
        "time_stats.mlp_act.median", "time_stats.mlp_down_proj.median", "time_stats.add.median",
        "n_head", "n_kv_head", "n_embd", "n_expanded_embd", "vocab_size", "use_gated_mlp", "num_tokens",
        "num_tensor_parallel_workers");
    Files.writeString(mlp, header + "\n"
        + "0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,32,8,4096,14336,128256,True,8,1\n"
        + "0.1,0.1,fast,0.1,0.1,0.1,0.1,0.1,0.1,32,8,4096,14336,128256,True,16,1\n");
    ProfileRepository repo = ProfileRepository.withOverride(dir);
    assertThatThrownBy(() -> repo.linearOps(LLAMA3_8B, Catalog.H100, 1))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining(mlp.toString())
        .hasMessageContaining("line 3")
        .hasMessageContaining("time_stats.attn_rope.median")
        .hasMessageContaining("'fast'");

    Files.writeString(mlp, "num_tokens,num_tensor_parallel_workers\n8,1\n");
    assertThatThrownBy(() -> repo.linearOps(LLAMA3_8B, Catalog.H100, 1))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining(mlp.toString())
        .hasMessageContaining("line 1: missing column 'time_stats.attn_pre_proj.median'");

    Files.writeString(mlp, header + "\n0.1,0.1,0.1\n");
    assertThatThrownBy(() -> repo.linearOps(LLAMA3_8B, Catalog.H100, 1))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("line 2: has 3 fields");
  }

  @Test
  void overrideDirectoryWinsOverTheClasspath(@TempDir Path dir) throws Exception {
    Path ar = dir.resolve("network/h100_dgx/all_reduce.csv");
    Files.createDirectories(ar.getParent());
    Files.writeString(ar, ",time_stats.all_reduce.median,rank,num_workers,size,collective,devices_per_node\n"
        + "0,1.0,0,2,2048,all_reduce,2\n0,2.0,0,2,4096,all_reduce,2\n");
    ProfileRepository repo = ProfileRepository.withOverride(dir);
    assertThat(repo.allReduce(Catalog.node("h100_dgx"), 2).orElseThrow().valueAt(3072))
        .isCloseTo(1.5e-3, within(1e-12));
    // files the override does not have still come from the classpath
    assertThat(repo.describe("network/h100_dgx/send_recv.csv"))
        .isEqualTo("classpath:/profiles/network/h100_dgx/send_recv.csv");
  }

  @Test
  void missingOverrideDirectoryIsAnInputError(@TempDir Path dir) {
    assertThatThrownBy(() -> ProfileRepository.withOverride(dir.resolve("nope")))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("nope");
  }
}
