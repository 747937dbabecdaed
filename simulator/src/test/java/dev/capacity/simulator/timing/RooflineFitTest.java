package dev.capacity.simulator.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.capacity.simulator.hardware.Catalog;
import dev.capacity.simulator.hardware.DeviceSpec;
import dev.capacity.simulator.hardware.Dtype;
import dev.capacity.simulator.hardware.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The roofline's coefficients are the fit of the bundled profiles, and its leave-one-out error holds. */
class RooflineFitTest {
  private static final List<RooflineFit.Pair> PAIRS = RooflineFit.bundledPairs();

  @Test
  void shippedCoefficientsAreTheFitOfAllTwentyTwoPairs() {
    assertThat(PAIRS).hasSize(22);
    RooflineFit.Coefficients fit = RooflineFit.fit(PAIRS, p -> true);
    for (int op = 0; op < Roofline.OPS; op++) {
      String name = ProfileRepository.LINEAR_OPS.get(op);
      assertThat(Roofline.OVERHEAD_S[op]).as(name).isCloseTo(fit.overhead()[op], within(1e-3 * fit.overhead()[op]));
      assertThat(Roofline.COMPUTE_FACTOR[op]).as(name).isCloseTo(fit.compute()[op], within(1e-3));
      assertThat(Roofline.MEMORY_FACTOR[op]).as(name).isCloseTo(fit.memory()[op], within(1e-3));
    }
  }

  @Test
  void leaveOnePairOutErrorsStayWithinTheirPublishedBounds() {
    RooflineFit.Errors median = RooflineFit.medianOf("pairs", RooflineFit.leaveOnePairOut(PAIRS));
    // published on the execution-model page: 10.2 / 4.8 / 3.6 / 4.6 %
    assertThat(median.linearDecode()).isLessThan(0.11);
    assertThat(median.linearPrefill()).isLessThan(0.055);
    assertThat(median.batchDecode()).isLessThan(0.04);
    assertThat(median.batchPrefill()).isLessThan(0.05);
    for (RooflineFit.Errors device : RooflineFit.leaveOneDeviceOut(PAIRS)) {
      assertThat(device.batchDecode()).as(device.name()).isLessThan(0.055);
      assertThat(device.batchPrefill()).as(device.name()).isLessThan(0.10);
    }
    // and it beats the single share of peak it replaced
    RooflineFit.Errors before = RooflineFit.medianOf("before",
        PAIRS.stream().map(p -> RooflineFit.errors(p.name(), List.of(p), null)).toList());
    assertThat(median.linearDecode()).isLessThan(before.linearDecode() / 2);
  }

  @Test
  void aMixtureOfExpertsReadsOnlyTheExpertsItsTokensTouch() {
    ModelSpec mixtral = Catalog.model("mistralai/Mixtral-8x7B-v0.1");
    DeviceSpec h200 = Catalog.device("h200");
    double[] flops = new double[Roofline.OPS];
    double[] bytes = new double[Roofline.OPS];
    // one token picks 2 of 8 experts: up and down projections read 2 x 3 x 4096 x 14336 weights (of 8);
    // the gate's 4096 x 8 weights and the activations come on top
    Roofline.work(mixtral, 1, 1, flops, bytes);
    double expertWeights = 2.0 * 3 * 4096 * 14336 * 2;
    assertThat(bytes[Roofline.UP_PROJ] + bytes[Roofline.DOWN_PROJ]).isCloseTo(expertWeights,
        within(0.001 * expertWeights));
    // 512 tokens touch all eight: 1 - (6/8)^512 of them
    Roofline.work(mixtral, 1, 512, flops, bytes);
    assertThat(bytes[Roofline.UP_PROJ] + bytes[Roofline.DOWN_PROJ]).isGreaterThan(4 * expertWeights);
    // compute is top-2's: 2 x 512 tokens x 2 experts x 3 x 4096 x 14336, plus the gate
    assertThat(flops[Roofline.UP_PROJ] + flops[Roofline.DOWN_PROJ])
        .isCloseTo(2.0 * 512 * 2 * 3 * 4096 * 14336, within(0.001 * 2.0 * 512 * 2 * 3 * 4096 * 14336));
    // expert parallelism at TP2 with a 1.25 imbalance: whole experts, half the rows, x 1.25
    ModelSpec ep = mixtral.withExpertParallel(true);
    ModelSpec imbalanced = new ModelSpec(ep.identifier(), ep.numLayers(), ep.embeddingDim(), ep.numQHeads(),
        ep.numKvHeads(), ep.headDim(), ep.mlpHiddenDim(), ep.vocabSize(), true, true, ep.maxModelLen(), false,
        new dev.capacity.simulator.hardware.MoeSpec(8, 2, 14336, 0, 0, 1.25, true), Dtype.BF16, Dtype.BF16);
    double[] epFlops = new double[Roofline.OPS];
    Roofline.work(imbalanced, 2, 512, epFlops, bytes);
    assertThat(epFlops[Roofline.DOWN_PROJ]).isCloseTo(2.0 * 512 * 2 / 2 * 1.25 * 14336 * 4096, within(1.0));
    // a decode step of the MoE costs far less than a dense model of the same total size would
    double moeDecode = Roofline.linearLayerSeconds(mixtral, h200, 1, 1);
    double denseDecode = Roofline.linearLayerSeconds(Catalog.model("meta-llama/Llama-3.1-70B"), h200, 1, 1);
    assertThat(moeDecode).isLessThan(denseDecode);
  }

  @Test
  void fp8WeightsHalveTheWeightReadsAndUseTheFp8Rate() {
    ModelSpec bf16 = Catalog.model("meta-llama/Llama-3.1-70B");
    ModelSpec fp8 = bf16.withPrecision(Dtype.FP8, Dtype.BF16);
    DeviceSpec h100 = Catalog.device("h100");
    double[] f = new double[Roofline.OPS];
    double[] b16 = new double[Roofline.OPS];
    double[] b8 = new double[Roofline.OPS];
    Roofline.work(bf16, 4, 1, f, b16);
    Roofline.work(fp8, 4, 1, f, b8);
    // weights dominate a one-token GEMM: 8192 x 7168 (up, 2 x 28672 / 4 gated) at 2 bytes, then 1
    assertThat(b8[Roofline.UP_PROJ]).isCloseTo(b16[Roofline.UP_PROJ] / 2, within(0.001 * b16[Roofline.UP_PROJ]));
    // a long prefill is compute-bound and runs at H100's 1,979 fp8 TFLOP/s instead of 989
    double slow = Roofline.linearLayerSeconds(bf16, h100, 4, 4096);
    double fast = Roofline.linearLayerSeconds(fp8, h100, 4, 4096);
    assertThat(fast / slow).isBetween(0.5, 0.65);
    // A100 has no fp8 tensor cores: weight-only fp8 saves the reads but not the FLOPs
    DeviceSpec a100 = Catalog.device("a100");
    assertThat(Roofline.linearLayerSeconds(fp8, a100, 4, 4096) / Roofline.linearLayerSeconds(bf16, a100, 4, 4096))
        .isBetween(0.9, 1.0);
  }
}
