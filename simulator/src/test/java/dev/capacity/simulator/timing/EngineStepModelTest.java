package dev.capacity.simulator.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.capacity.simulator.SimulationInputException;
import dev.capacity.simulator.hardware.Catalog;
import dev.capacity.simulator.hardware.ModelSpec;
import dev.capacity.simulator.hardware.NodeSpec;
import org.junit.jupiter.api.Test;

/** The serving engine's step around the kernels, worked by hand for Llama-3-8B on the A100-40GB. */
class EngineStepModelTest {
  private static final ModelSpec LLAMA3_8B = Catalog.model("Meta-Llama-3-8B");
  private static final NodeSpec NODE = Catalog.node("a100_40gb_dgx");
  private static final ProfileRepository BUNDLED = ProfileRepository.classpath();

  /** LM head: 128,256 x 4,096 fp16 weights / TP read at 1,555 GB/s x 0.75. */
  private static double lmHead(int tp) {
    return 2.0 * 128_256 * 4_096 / tp / (1555e9 * 0.75);
  }

  private static ExecutionTimeModel model(String mode, int tp) {
    return TimingModels.create(LLAMA3_8B, NODE, tp, 1, EngineOverhead.of(mode), BUNDLED, w -> {});
  }

  private static BatchShape decodes(int n, int context) {
    BatchShape b = new BatchShape();
    for (int i = 0; i < n; i++) {
      b.addDecode(context);
    }
    return b;
  }

  @Test
  void lmHeadIsItsWeightsReadOnce() {
    assertThat(lmHead(1)).isCloseTo(0.901e-3, within(0.001e-3));
  }

  /**
   * TP1, one decode: the kernels take about 10.7 ms, the LM head 0.90 ms; eager launches take 32 x 370 us
   * = 11.84 ms, which the GPU's 11.6 ms does not hide, so launches set the pace; then 4.5 ms of host work
   * and 75 us for the one sequence.
   */
  @Test
  void eagerSmallDecodeIsLaunchBoundPlusHostWork() {
    BatchShape b = decodes(1, 2300);
    double kernels = model(EngineOverhead.NONE, 1).stageSeconds(b, true);
    double launches = 32 * EngineOverhead.LAUNCH_SECONDS_PER_LAYER;
    assertThat(launches).isCloseTo(11.84e-3, within(1e-9));
    assertThat(kernels + lmHead(1)).isLessThan(launches);
    double expected = launches + EngineOverhead.HOST_SECONDS_PER_STEP + EngineOverhead.HOST_SECONDS_PER_SEQUENCE;
    assertThat(model(EngineOverhead.EAGER, 1).stageSeconds(b, true)).isCloseTo(expected, within(1e-12));
  }

  /** TP4 adds two all-reduce launches per layer: 32 x (370 + 2 x 55) us = 15.36 ms, far above the GPU. */
  @Test
  void tensorParallelAddsCollectiveLaunches() {
    BatchShape b = decodes(1, 2300);
    double launches = 32 * (EngineOverhead.LAUNCH_SECONDS_PER_LAYER + 2 * EngineOverhead.LAUNCH_SECONDS_PER_COLLECTIVE);
    assertThat(launches).isCloseTo(15.36e-3, within(1e-9));
    assertThat(model(EngineOverhead.NONE, 4).stageSeconds(b, true) + lmHead(4)).isLessThan(launches);
    assertThat(model(EngineOverhead.EAGER, 4).stageSeconds(b, true)).isCloseTo(
        launches + EngineOverhead.HOST_SECONDS_PER_STEP + EngineOverhead.HOST_SECONDS_PER_SEQUENCE,
        within(1e-12));
  }

  /** A 512-token prefill chunk keeps the GPU busier than the launches: kernels + LM head + host. */
  @Test
  void prefillChunkIsGpuBoundPlusHostWork() {
    BatchShape b = new BatchShape();
    b.addPrefill(512, 1024);
    double kernels = model(EngineOverhead.NONE, 1).stageSeconds(b, true);
    assertThat(kernels).isGreaterThan(32 * EngineOverhead.LAUNCH_SECONDS_PER_LAYER);
    assertThat(model(EngineOverhead.EAGER, 1).stageSeconds(b, true)).isCloseTo(
        kernels + lmHead(1) + EngineOverhead.HOST_SECONDS_PER_STEP
            + EngineOverhead.HOST_SECONDS_PER_SEQUENCE, within(1e-12));
  }

  /** With CUDA graphs an iteration of at most 512 tokens pays no launches; a larger one launches eagerly. */
  @Test
  void cudaGraphsSkipLaunchesUpToTheCapturedSize() {
    BatchShape small = decodes(8, 2300);
    double kernels = model(EngineOverhead.NONE, 4).stageSeconds(small, true);
    assertThat(model(EngineOverhead.CUDA_GRAPHS, 4).stageSeconds(small, true)).isCloseTo(
        kernels + lmHead(4) + EngineOverhead.HOST_SECONDS_PER_STEP + 8 * EngineOverhead.HOST_SECONDS_PER_SEQUENCE,
        within(1e-12));
    assertThat(model(EngineOverhead.EAGER, 4).stageSeconds(small, true))
        .isGreaterThan(model(EngineOverhead.CUDA_GRAPHS, 4).stageSeconds(small, true) + 5e-3);
  }

  /** Mode none is the kernels alone, as Vidur predicts by default; an unknown mode names the allowed ones. */
  @Test
  void noneIsKernelsOnlyAndUnknownModesAreRejected() {
    BatchShape b = decodes(3, 100);
    assertThat(model(EngineOverhead.NONE, 1)).isInstanceOf(ProfiledTimingModel.class);
    assertThat(model(EngineOverhead.NONE, 1).stageSeconds(b, true))
        .isEqualTo(TimingModels.create(LLAMA3_8B, NODE, 1, 1, BUNDLED, w -> {}).stageSeconds(b, true));
    assertThatThrownBy(() -> EngineOverhead.of("graphs"))
        .isInstanceOf(SimulationInputException.class)
        .hasMessage("unknown execution_mode 'graphs'; allowed: cuda_graphs, eager, none");
  }

  /** Pipeline stages before the last pay neither the LM head nor the host's step work. */
  @Test
  void onlyTheLastStagePaysTheLmHeadAndHostWork() {
    ExecutionTimeModel pp2 =
        TimingModels.create(LLAMA3_8B, NODE, 1, 2, EngineOverhead.of(EngineOverhead.CUDA_GRAPHS), BUNDLED, w -> {});
    ExecutionTimeModel kernels =
        TimingModels.create(LLAMA3_8B, NODE, 1, 2, EngineOverhead.of(EngineOverhead.NONE), BUNDLED, w -> {});
    BatchShape b = decodes(2, 500);
    assertThat(pp2.stageSeconds(b, false)).isEqualTo(kernels.stageSeconds(b, false));
    assertThat(pp2.stageSeconds(b, true)).isCloseTo(kernels.stageSeconds(b, true) + lmHead(1)
        + EngineOverhead.HOST_SECONDS_PER_STEP + 2 * EngineOverhead.HOST_SECONDS_PER_SEQUENCE, within(1e-12));
  }
}
