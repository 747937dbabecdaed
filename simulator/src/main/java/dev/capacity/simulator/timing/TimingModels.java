package dev.capacity.simulator.timing;

import dev.capacity.simulator.hardware.DeviceSpec;
import dev.capacity.simulator.hardware.Dtype;
import dev.capacity.simulator.hardware.MemoryPlanner;
import dev.capacity.simulator.hardware.ModelSpec;
import dev.capacity.simulator.hardware.NodeSpec;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntToDoubleFunction;

/** Builds the execution-time model of one replica layout; prefer {@link TimingModelCache} in a study. */
public final class TimingModels {
  private TimingModels() {}

  /**
   * Profiles where they exist, roofline where not; every fallback is reported through {@code warnings}
   * with the path of the missing profile, so a user can see what the numbers rest on.
   *
   * @throws dev.capacity.simulator.SimulationInputException for a layout the node or model cannot hold,
   *     or a malformed profile
   */
  public static ExecutionTimeModel create(
      ModelSpec model,
      NodeSpec node,
      int tp,
      int pp,
      ProfileRepository profiles,
      Consumer<String> warnings) {
    return create(model, node, tp, pp, EngineOverhead.of(EngineOverhead.NONE), profiles, warnings);
  }

  /**
   * The kernels' model wrapped in the serving engine's per-iteration costs; with mode {@code none} the
   * kernels alone (GPU time only, as Vidur predicts by default).
   */
  public static ExecutionTimeModel create(
      ModelSpec model,
      NodeSpec node,
      int tp,
      int pp,
      EngineOverhead overhead,
      ProfileRepository profiles,
      Consumer<String> warnings) {
    ExecutionTimeModel kernels =
        kernels(model, node, tp, pp, overhead.decodeAttentionSlowdown(), profiles, warnings);
    if (overhead.mode().equals(EngineOverhead.NONE)) {
      return kernels;
    }
    return new EngineStepModel(kernels, overhead, model, node.device(), tp, pp);
  }

  private static ExecutionTimeModel kernels(
      ModelSpec model,
      NodeSpec node,
      int tp,
      int pp,
      double decodeSlowdown,
      ProfileRepository profiles,
      Consumer<String> warnings) {
    MemoryPlanner.checkParallelism(model, node, tp, pp);
    DeviceSpec device = node.device();
    int layersPerStage = model.numLayers() / pp;
    double bytesPerToken = 2.0 * model.embeddingDim(); // fp16 hidden state, the collectives' payload

    IntToDoubleFunction linear = linearOps(model, device, tp, profiles, warnings);
    IntToDoubleFunction allReduce = tokens -> 0.0;
    if (tp > 1) {
      Optional<PiecewiseLinear> ar = profiles.allReduce(node, tp);
      if (ar.isPresent()) {
        PiecewiseLinear curve = ar.get();
        allReduce = tokens -> curve.valueAt(tokens * bytesPerToken);
      } else {
        warnings.accept("no all_reduce profile for tp=" + tp + " at "
            + profiles.describe(ProfileRepository.networkPath(node, "all_reduce"))
            + "; using a roofline all-reduce over " + node.name() + "'s interconnect ("
            + fmt(node.interconnectGbps()) + " GB/s per GPU, " + fmt(node.interconnectLatencyUs()) + " us)");
        allReduce = tokens -> Roofline.allReduceSeconds(tokens * bytesPerToken, tp, node);
      }
    }
    IntToDoubleFunction sendRecv = tokens -> 0.0;
    if (pp > 1) {
      boolean acrossNodes = tp * pp > node.devicesPerNode();
      Optional<PiecewiseLinear> sr = profiles.sendRecv(node, acrossNodes);
      if (sr.isPresent()) {
        PiecewiseLinear curve = sr.get();
        sendRecv = tokens -> curve.valueAt(tokens * bytesPerToken);
      } else {
        warnings.accept("no send_recv profile (devices_per_node=" + (acrossNodes ? 1 : 2) + ") at "
            + profiles.describe(ProfileRepository.networkPath(node, "send_recv"))
            + "; using a roofline send/recv over "
            + (acrossNodes ? "a 50 GB/s inter-node link" : node.name() + "'s interconnect"));
        sendRecv = tokens -> Roofline.sendRecvSeconds(tokens * bytesPerToken, node, acrossNodes);
      }
    }

    int entries = ProfiledTimingModel.MAX_TABLE_TOKENS / 8 + 1;
    double[] layer = new double[entries];
    double[] boundary = new double[entries];
    for (int i = 1; i < entries; i++) {
      int tokens = i * 8;
      // Vidur adds the all-reduce twice per layer: after attention and after the MLP.
      layer[i] = linear.applyAsDouble(tokens) + 2.0 * allReduce.applyAsDouble(tokens);
      boundary[i] = sendRecv.applyAsDouble(tokens);
    }
    return new ProfiledTimingModel(
        layersPerStage, layer, boundary, new AnalyticAttention(model, device, tp, decodeSlowdown));
  }

  private static IntToDoubleFunction linearOps(
      ModelSpec model, DeviceSpec device, int tp, ProfileRepository profiles, Consumer<String> warnings) {
    String path = ProfileRepository.mlpPath(model, device);
    if (model.mixtureOfExperts() || model.weightDtype() == Dtype.FP8) {
      // Profiles time dense bf16 layers; an MoE layer or fp8 weights are the roofline's.
      warnings.accept("no profile applies to " + (model.mixtureOfExperts() ? "the mixture of experts "
          : "fp8 weights of ") + model.identifier() + "; using the roofline for its linear operators on "
          + device.name() + " tp=" + tp);
      return tokens -> Roofline.linearLayerSeconds(model, device, tp, tokens);
    }
    Optional<PiecewiseLinear> profiled = profiles.linearOps(model, device, tp);
    if (profiled.isPresent()) {
      PiecewiseLinear curve = profiled.get();
      return curve::valueAt;
    }
    String why = profiles.exists(path)
        ? "has no rows for tp=" + tp + " matching the shape of " + model.identifier()
        : "is missing";
    warnings.accept("compute profile " + profiles.describe(path) + " " + why
        + "; using a roofline model of the linear operators for " + model.identifier() + " on "
        + device.name() + " tp=" + tp);
    return tokens -> Roofline.linearLayerSeconds(model, device, tp, tokens);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
