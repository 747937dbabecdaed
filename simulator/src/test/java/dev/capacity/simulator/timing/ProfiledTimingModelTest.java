package dev.capacity.simulator.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.capacity.simulator.SimulationInputException;
import dev.capacity.simulator.hardware.Catalog;
import dev.capacity.simulator.hardware.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfiledTimingModelTest {
  private static final ModelSpec LLAMA3_8B = Catalog.model("Meta-Llama-3-8B");
  private static final ProfileRepository BUNDLED = ProfileRepository.classpath();

  /**
   * One 512-token prompt on Llama-3-8B, H100, TP1, one stage (32 layers). Per layer:
   * <ul>
   *   <li>linear ops, mlp.csv line 326 (num_tokens 512): 0.045 + 0.029 + 0.006 + 0.007 + 0.007 + 0.174 +
   *       0.022 + 0.077 + 0.004 = 0.371 ms;
   *   <li>prefill attention: FLOPs = 4 × 512 × (0 + 256) × 32 heads × 128 = 2,147,483,648; time =
   *       8.627 us + (FLOPs + 3.384e9) / (989e12 × 0.4596) = 8.627 + 12.169 = 20.80 us;
   *   <li>kv-cache save: 512 tokens × (K + V: 2 × 8 heads × 128 × 2 B = 4 KiB) read and written, at
   *       3,350 GB/s × 0.7985: 4,194,304 B / 2,674.9 GB/s = 1.568 us;
   *   <li>no all-reduce (TP1).
   * </ul>
   * Stage = 32 × (371 + 20.80 + 1.568) us = 12.59 ms.
   */
  @Test
  void onePromptPrefillIsTheSumOfItsParts() {
    ExecutionTimeModel model =
        TimingModels.create(LLAMA3_8B, Catalog.node("h100_dgx"), 1, 1, BUNDLED, w -> {});
    BatchShape batch = new BatchShape();
    batch.addPrefill(512, 0);

    double linear = 0.371e-3;
    double flops = 4.0 * 512 * 256 * 32 * 128;
    assertThat(flops).isEqualTo(2_147_483_648.0);
    double attention = 8.627e-6 + (flops + 3.384e9) / (989e12 * 0.4596);
    double kvSave = 2.0 * 512 * 4096 / (3350e9 * 0.7985);
    assertThat(kvSave).isCloseTo(1.568e-6, within(0.001e-6));
    double expected = 32 * (linear + attention + kvSave);

    double actual = model.stageSeconds(batch, true);
    assertThat(actual).isCloseTo(expected, within(1e-12));
    assertThat(actual).isCloseTo(12.59e-3, within(0.01e-3));
    // plausible for ~7.5 TFLOP on one H100: well above the 2·512·7e9/989e12 = 7.3 ms compute floor
    assertThat(actual).isBetween(8e-3, 40e-3);
    // one stage only: the send/recv term is not added without pipeline parallelism
    assertThat(model.stageSeconds(batch, false)).isEqualTo(actual);
  }

  @Test
  void decodeAddsBandwidthBoundAttention() {
    ProfiledTimingModel model =
        (ProfiledTimingModel)
            TimingModels.create(LLAMA3_8B, Catalog.node("h100_dgx"), 1, 1, BUNDLED, w -> {});
    BatchShape batch = new BatchShape();
    for (int i = 0; i < 64; i++) {
      batch.addDecode(4096);
    }
    // bytes = 64 × 4096 × 2 × 8 × 128 × 2 = 1,073,741,824; time = 12.94 us + (bytes + 8.41e5) / (3350e9 × 0.7985)
    // plus writing the 64 new tokens' K and V: 2 passes × 64 × 4 KiB at the same bandwidth
    double attention = 12.94e-6 + (1_073_741_824.0 + 8.410e5) / (3350e9 * 0.7985)
        + 2.0 * 64 * 4096 / (3350e9 * 0.7985);
    assertThat(model.attentionSeconds(batch)).isCloseTo(attention, within(1e-12));
    assertThat(model.stageSeconds(batch, true))
        .isCloseTo(32 * (model.layerSeconds(64) + attention), within(1e-12));
  }

  @Test
  void tensorParallelAddsTwoAllReducesPerLayer() {
    ProfiledTimingModel tp2 =
        (ProfiledTimingModel)
            TimingModels.create(LLAMA3_8B, Catalog.node("h100_dgx"), 2, 1, BUNDLED, w -> {});
    PiecewiseLinear linear = BUNDLED.linearOps(LLAMA3_8B, Catalog.H100, 2).orElseThrow();
    PiecewiseLinear ar = BUNDLED.allReduce(Catalog.node("h100_dgx"), 2).orElseThrow();
    double expected = linear.valueAt(512) + 2 * ar.valueAt(512 * 4096 * 2.0);
    assertThat(tp2.layerSeconds(512)).isCloseTo(expected, within(1e-15));
  }

  @Test
  void pipelineStagesAddSendRecvExceptOnTheLastStage() {
    List<String> warnings = new ArrayList<>();
    ExecutionTimeModel pp2 =
        TimingModels.create(LLAMA3_8B, Catalog.node("h100_dgx"), 1, 2, BUNDLED, warnings::add);
    BatchShape batch = new BatchShape();
    batch.addPrefill(512, 0);
    PiecewiseLinear sr = BUNDLED.sendRecv(Catalog.node("h100_dgx"), false).orElseThrow();
    double last = pp2.stageSeconds(batch, true);
    assertThat(pp2.stageSeconds(batch, false) - last)
        .isCloseTo(sr.valueAt(512 * 4096 * 2.0), within(1e-12));
    ExecutionTimeModel pp1 =
        TimingModels.create(LLAMA3_8B, Catalog.node("h100_dgx"), 1, 1, BUNDLED, w -> {});
    assertThat(last).isCloseTo(pp1.stageSeconds(batch, true) / 2, within(1e-12));
    assertThat(warnings).isEmpty();
  }

  @Test
  void missingComputeProfileFallsBackToRooflineWithAWarning() {
    List<String> warnings = new ArrayList<>();
    // PR #56's h100 Llama-3-70B profile has TP 2, 4, 8 but no TP1 rows
    ExecutionTimeModel model =
        TimingModels.create(
            Catalog.model("Meta-Llama-3-70B"), Catalog.node("h100_dgx"), 1, 1, BUNDLED, warnings::add);
    BatchShape batch = new BatchShape();
    batch.addPrefill(512, 0);
    batch.addDecode(1000);
    double t = model.stageSeconds(batch, true);
    assertThat(t).isFinite().isPositive();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .contains("classpath:/profiles/compute/h100/meta-llama/Meta-Llama-3-70B/mlp.csv")
        .contains("no rows for tp=1")
        .contains("roofline");

    warnings.clear();
    // a40 has no Llama-3 profile at all, and no all_reduce profile
    ExecutionTimeModel a40 =
        TimingModels.create(LLAMA3_8B, Catalog.node("a40_pairwise_nvlink"), 2, 1, BUNDLED, warnings::add);
    assertThat(a40.stageSeconds(batch, true)).isFinite().isPositive();
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0))
        .contains("compute/a40/meta-llama/Meta-Llama-3-8B/mlp.csv")
        .contains("is missing");
    assertThat(warnings.get(1))
        .contains("network/a40_pairwise_nvlink/all_reduce.csv")
        .contains("roofline all-reduce");
  }

  /** The roofline should land near what the profiles say where both exist (a sanity check of its constants). */
  @Test
  void rooflineIsWithinAFactorOfTwoOfTheProfiles() {
    PiecewiseLinear profiled = BUNDLED.linearOps(LLAMA3_8B, Catalog.H100, 1).orElseThrow();
    for (int tokens : new int[] {8, 128, 512, 2048, 8192}) {
      double ratio = Roofline.linearLayerSeconds(LLAMA3_8B, Catalog.H100, 1, tokens) / profiled.valueAt(tokens);
      assertThat(ratio).as("tokens %d", tokens).isBetween(0.5, 2.0);
    }
  }

  @Test
  void batchesBeyondTheTableExtrapolateLinearly() {
    ProfiledTimingModel model =
        (ProfiledTimingModel)
            TimingModels.create(LLAMA3_8B, Catalog.node("a100_dgx"), 1, 1, BUNDLED, w -> {});
    int max = ProfiledTimingModel.MAX_TABLE_TOKENS;
    double step = model.layerSeconds(max) - model.layerSeconds(max - 8);
    assertThat(model.layerSeconds(max + 80)).isCloseTo(model.layerSeconds(max) + 10 * step, within(1e-12));
    BatchShape empty = new BatchShape();
    assertThat(model.stageSeconds(empty, false)).isZero();
  }

  @Test
  void layoutTheNodeCannotHoldIsRejected() {
    assertThatThrownBy(
            () ->
                TimingModels.create(
                    LLAMA3_8B, Catalog.node("a100_pairwise_nvlink"), 8, 1, BUNDLED, w -> {}))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("tensor_parallel_size=8 does not fit on node a100_pairwise_nvlink with 4 devices");
  }

  @Test
  void cacheBuildsEachLayoutOnce() throws Exception {
    List<String> warnings = java.util.Collections.synchronizedList(new ArrayList<>());
    TimingModelCache cache = new TimingModelCache(BUNDLED, warnings::add);
    ExecutionTimeModel a = cache.get(LLAMA3_8B, Catalog.node("h100_dgx"), 1, 1);
    Thread t = new Thread(() -> assertThat(cache.get(LLAMA3_8B, Catalog.node("h100_dgx"), 1, 1)).isSameAs(a));
    t.start();
    t.join();
    assertThat(cache.get(Catalog.model("meta-llama/Meta-Llama-3-8B"), Catalog.node("h100_dgx"), 1, 1)).isSameAs(a);
    assertThat(cache.get(LLAMA3_8B, Catalog.node("h100_dgx"), 2, 1)).isNotSameAs(a);
    assertThat(cache.size()).isEqualTo(2);
  }
}
