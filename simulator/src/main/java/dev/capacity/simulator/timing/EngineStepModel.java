package dev.capacity.simulator.timing;

import dev.capacity.simulator.hardware.DeviceSpec;
import dev.capacity.simulator.hardware.ModelSpec;

/**
 * One serving-engine iteration around the decoder layers' kernels: the LM head on the last stage (its
 * weights are read every step; the profiles cover only the layers), the eager kernel launches that the
 * GPU cannot hide, and the host's per-step work ({@link EngineOverhead}). Allocation-free: a few
 * multiplications per call on top of the kernels' model.
 */
final class EngineStepModel implements ExecutionTimeModel {
  /**
   * The LM head's shares of peak: what the bundled mlp.csv files show for large GEMMs (0.41-0.73 of peak
   * FLOP/s at 4,096 tokens, median about 0.65) and for weight reads at one token (0.35-0.82 of peak
   * bandwidth, median about 0.75).
   */
  static final double LM_HEAD_FLOP_EFFICIENCY = 0.65;
  static final double LM_HEAD_BANDWIDTH_EFFICIENCY = 0.75;

  private final ExecutionTimeModel kernels;
  private final EngineOverhead overhead;
  private final double launchSecondsPerStage;
  private final double lmHeadWeightSeconds;
  private final double lmHeadSecondsPerRow;

  EngineStepModel(
      ExecutionTimeModel kernels, EngineOverhead overhead, ModelSpec model, DeviceSpec device, int tp,
      int pp) {
    this.kernels = kernels;
    this.overhead = overhead;
    this.launchSecondsPerStage = overhead.launchSeconds(model.numLayers() / pp, tp);
    // Vocabulary-parallel LM head: each GPU holds vocab/tp rows of hidden fp16 weights and computes
    // logits only for the last token of each sequence in the batch (vLLM's logits indices).
    double shard = (double) model.vocabSize() * model.embeddingDim() / tp;
    this.lmHeadWeightSeconds = model.weightDtype().bytes() * shard
        / (device.bandwidthBytesPerSecond() * LM_HEAD_BANDWIDTH_EFFICIENCY);
    this.lmHeadSecondsPerRow =
        2.0 * shard / (device.peakFlopsPerSecond(model.weightDtype()) * LM_HEAD_FLOP_EFFICIENCY);
  }

  @Override
  public double stageSeconds(BatchShape batch, boolean lastStage) {
    if (batch.numTokens() == 0) {
      return 0.0;
    }
    double gpu = kernels.stageSeconds(batch, lastStage);
    int rows = batch.numDecodes() + batch.numPrefills();
    if (lastStage) {
      gpu += Math.max(lmHeadWeightSeconds, rows * lmHeadSecondsPerRow);
    }
    double launch = batch.numTokens() > overhead.graphMaxTokens() ? launchSecondsPerStage : 0.0;
    double t = Math.max(gpu, launch);
    return lastStage
        ? t + overhead.hostSecondsPerStep() + rows * overhead.hostSecondsPerSequence()
        : t;
  }
}
