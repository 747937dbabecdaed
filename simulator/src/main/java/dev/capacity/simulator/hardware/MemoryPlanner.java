package dev.capacity.simulator.hardware;

import dev.capacity.simulator.SimulationInputException;

/** How many KV-cache blocks fit on a replica's GPU, and whether a parallelism layout can be placed. */
public final class MemoryPlanner {
  private static final double BYTES_PER_GIB = 1024.0 * 1024.0 * 1024.0;

  private MemoryPlanner() {}

  /**
   * Vidur canary's planner (reference §3.3): available memory minus the weights of one pipeline stage,
   * divided by K+V bytes per token of the stage, in whole blocks (fp16 in Vidur; here the model's
   * weight and KV-cache precisions). Activations, embeddings and the
   * LM head are not counted, as in the reference.
   *
   * <p>Against vLLM ({@code determine_num_available_blocks}: KV bytes = total x gpu_memory_utilization -
   * weights - peak activation - non-torch memory; blocks = KV bytes / (block_size x 2 x kv_heads/tp x
   * head_dim x dtype bytes x layers)): {@code memoryMarginFraction = 1 - gpu_memory_utilization} maps the
   * budget exactly and the per-token KV bytes are the same; the differences are that the weights here
   * leave out the embedding and LM head (2 x vocab x hidden parameters, 2.1 GB for Llama-3-8B, not split
   * by TP here while vLLM shards them), the activation peak and non-torch memory (CUDA context, NCCL) are
   * not subtracted, and the total is the catalog's GiB figure rather than what CUDA reports. The planner
   * therefore gives more blocks than vLLM; {@code MemoryPlannerVllmTest} works the numbers for
   * Llama-3-8B on an A100-40GB.
   */
  public static int kvBlocks(
      ModelSpec model, DeviceSpec device, int tp, int pp, double memoryMarginFraction, int blockSize) {
    if (tp < 1 || pp < 1 || blockSize < 1 || memoryMarginFraction < 0 || memoryMarginFraction >= 1) {
      throw new SimulationInputException(
          "memory planner: tp=" + tp + ", pp=" + pp + ", block_size=" + blockSize
              + ", memory_margin_fraction=" + memoryMarginFraction
              + "; allowed: tp, pp, block_size >= 1 and 0 <= memory_margin_fraction < 1");
    }
    long layersPerStage = model.numLayers() / pp;
    double available = device.totalMemoryGb() * BYTES_PER_GIB * (1.0 - memoryMarginFraction);
    long weightBytes = (long) model.weightDtype().bytes() * layersPerStage * model.paramsPerLayerPerDevice(tp);
    return blocks(model, device, tp, pp, available, weightBytes, blockSize);
  }

  /**
   * vLLM's own count ({@code Worker.determine_available_memory} and the KV-cache spec's page size):
   * {@code total x gpu_memory_utilization - weights - peak activation}, divided by the bytes of a block
   * ({@code block_size x 2 x KV heads per GPU x head_dim x dtype bytes x layers}). Unlike {@link
   * #kvBlocks} the weights are all of them: every layer of the stage plus the vocabulary-parallel input
   * embedding and LM head (once if tied; with pipeline stages both are counted on every stage, the
   * first and last stages' worst case). Non-torch memory (CUDA context, NCCL buffers, about 0.5-1 GiB)
   * is left to the caller's {@code activationPeakBytes}.
   */
  public static int kvBlocksAsVllm(ModelSpec model, DeviceSpec device, int tp, int pp,
      double gpuMemoryUtilization, int blockSize, long activationPeakBytes) {
    double margin = marginForUtilization(gpuMemoryUtilization);
    if (tp < 1 || pp < 1 || blockSize < 1 || activationPeakBytes < 0) {
      throw new SimulationInputException("memory planner: tp=" + tp + ", pp=" + pp + ", block_size="
          + blockSize + ", activation peak " + activationPeakBytes + " bytes; allowed: tp, pp, block_size"
          + " >= 1 and activation peak >= 0");
    }
    long layersPerStage = model.numLayers() / pp;
    double available = device.totalMemoryGb() * BYTES_PER_GIB * (1.0 - margin) - activationPeakBytes;
    long weightBytes = (long) model.weightDtype().bytes()
        * (layersPerStage * model.paramsPerLayerPerDevice(tp) + model.embeddingParamsPerDevice(tp));
    return blocks(model, device, tp, pp, available, weightBytes, blockSize);
  }

  private static int blocks(ModelSpec model, DeviceSpec device, int tp, int pp, double available,
      long weightBytes, int blockSize) {
    long kvBytesPerToken = model.kvBytesPerTokenPerLayer(tp) * (model.numLayers() / pp);
    long maxKvTokens = (long) Math.floor((available - weightBytes) / kvBytesPerToken);
    if (maxKvTokens <= 0) {
      throw new SimulationInputException(
          "model " + model.identifier() + " does not fit on " + device.name() + " with tp=" + tp
              + ", pp=" + pp + ": weights need " + weightBytes + " bytes of "
              + (long) available + " available; use a larger tensor or pipeline parallel degree");
    }
    long blocks = maxKvTokens / blockSize;
    return (int) Math.min(Integer.MAX_VALUE, blocks);
  }

  /** {@code memory_margin_fraction} equivalent to vLLM's {@code gpu_memory_utilization} (0 < u <= 1). */
  public static double marginForUtilization(double gpuMemoryUtilization) {
    if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
      throw new SimulationInputException("gpu_memory_utilization=" + gpuMemoryUtilization
          + "; allowed: 0 < gpu_memory_utilization <= 1");
    }
    return 1.0 - gpuMemoryUtilization;
  }

  /**
   * Placement rule of Vidur's predictor (data README §4.1): TP must fit in one node (the all-reduce is
   * profiled intra-node only) and TP×PP must be at most one node or a whole number of nodes.
   */
  public static void checkParallelism(NodeSpec node, int tp, int pp) {
    int dpn = node.devicesPerNode();
    if (tp < 1 || pp < 1) {
      throw new SimulationInputException(
          "tensor_parallel_size=" + tp + ", pipeline_parallel_size=" + pp + "; both must be >= 1");
    }
    if (tp > dpn) {
      throw new SimulationInputException(
          "tensor_parallel_size=" + tp + " does not fit on node " + node.name() + " with " + dpn
              + " devices; allowed: tensor_parallel_size <= " + dpn);
    }
    int total = tp * pp;
    if (total > dpn && total % dpn != 0) {
      throw new SimulationInputException(
          "tensor_parallel_size*pipeline_parallel_size=" + total + " cannot be placed on " + node.name()
              + " nodes of " + dpn + " devices; allowed: at most " + dpn + " or a multiple of " + dpn);
    }
  }

  /** {@link #checkParallelism(NodeSpec, int, int)} plus the model's constraints. */
  public static void checkParallelism(ModelSpec model, NodeSpec node, int tp, int pp) {
    checkParallelism(node, tp, pp);
    if (model.numQHeads() % tp != 0) {
      throw new SimulationInputException(
          "tensor_parallel_size=" + tp + " does not divide the " + model.numQHeads()
              + " attention heads of " + model.identifier() + "; allowed: a divisor of "
              + model.numQHeads());
    }
    if (model.mixtureOfExperts() && model.moe().expertParallel() && model.moe().numExperts() % tp != 0) {
      throw new SimulationInputException(
          "expert parallelism over tensor_parallel_size=" + tp + " GPUs cannot split the "
              + model.moe().numExperts() + " experts of " + model.identifier()
              + " evenly; allowed: a divisor of " + model.moe().numExperts());
    }
    if (model.numLayers() % pp != 0) {
      throw new SimulationInputException(
          "pipeline_parallel_size=" + pp + " does not divide the " + model.numLayers() + " layers of "
              + model.identifier() + "; allowed: a divisor of " + model.numLayers());
    }
  }
}
