package dev.capacity.simulator.timing;

import dev.capacity.simulator.hardware.DeviceSpec;
import dev.capacity.simulator.hardware.Dtype;
import dev.capacity.simulator.hardware.ModelSpec;
import dev.capacity.simulator.hardware.MoeSpec;
import dev.capacity.simulator.hardware.NodeSpec;

/**
 * Time of a (model, device, TP) without a profile: each of a layer's nine linear operators (Vidur's
 * {@link ProfileRepository#LINEAR_OPS}) from its work, {@code t = overhead + a x FLOPs / peak FLOP/s +
 * b x bytes / peak bandwidth}. The three coefficients per operator are the efficiency curve: {@code 1/a}
 * the share of peak FLOP/s a large GEMM reaches, {@code 1/b} the share of bandwidth a weight read or an
 * element-wise pass reaches, {@code overhead} the kernel's fixed cost; where both terms count (near the
 * ridge point, a few hundred tokens) the sum is slower than either, as the profiles show. They were fitted
 * by {@code fidelity.RooflineFit} (least squares of the relative error) on every row of the 22 bundled
 * (model, device) profiles: 8 models x A100 and H100, 6 x A40, TP 1-8, 1-4,096 tokens. Leave-one-pair-out
 * on those profiles gives the error of this path (site page "execution-time model");
 * {@code RooflineFitTest} re-derives the constants.
 *
 * <p>Mixture-of-experts layers: the routed experts' GEMMs carry the tokens x top-k rows, and read the
 * weights of the experts the step's tokens touch ({@link MoeSpec#activeExperts}); with expert
 * parallelism each GPU runs its own whole experts for its share of the rows times the load imbalance.
 * FP8 weights are read at 1 byte and multiplied at the device's fp8 rate where it has one.
 */
final class Roofline {
  /** Per operator, in {@link ProfileRepository#LINEAR_OPS} order: fixed seconds. */
  static final double[] OVERHEAD_S = {
    7.160e-6, 4.856e-6, 2.120e-6, 3.021e-6, 3.035e-6, 7.781e-6, 1.753e-6, 5.097e-6, 0.864e-6
  };
  /** Per operator: multiplier of the compute roofline time (1 / FLOP/s efficiency); 0 = no FLOPs. */
  static final double[] COMPUTE_FACTOR = {
    1.2242, 1.2400, 0, 0, 0, 1.2131, 0, 1.1843, 0
  };
  /** Per operator: multiplier of the memory roofline time (1 / bandwidth efficiency). */
  static final double[] MEMORY_FACTOR = {
    0.8122, 0.7999, 1.5260, 1.9809, 2.0775, 0.7846, 1.5750, 0.8207, 0.9978
  };

  static final int PRE_PROJ = 0;
  static final int POST_PROJ = 1;
  static final int ROPE = 2;
  static final int INPUT_NORM = 3;
  static final int POST_NORM = 4;
  static final int UP_PROJ = 5;
  static final int ACT = 6;
  static final int DOWN_PROJ = 7;
  static final int ADD = 8;
  static final int OPS = 9;

  /**
   * Achieved share of a node's nominal interconnect bandwidth in a ring all-reduce: a fit of the bundled
   * {@code h100_dgx} all-reduce profile at TP 2-8 on 450 GB/s per direction gives 0.58-0.76.
   */
  static final double COLLECTIVE_BANDWIDTH_EFFICIENCY = 0.7;

  private Roofline() {}

  /** Linear operators of one layer on one GPU for {@code tokens} tokens, seconds. */
  static double linearLayerSeconds(ModelSpec model, DeviceSpec device, int tp, int tokens) {
    return linearLayerSeconds(model, device, tp, tokens, OVERHEAD_S, COMPUTE_FACTOR, MEMORY_FACTOR);
  }

  /** The same with other coefficients (for fitting and leave-one-out). */
  static double linearLayerSeconds(ModelSpec model, DeviceSpec device, int tp, int tokens,
      double[] overhead, double[] compute, double[] memory) {
    double[] flops = new double[OPS];
    double[] bytes = new double[OPS];
    work(model, tp, tokens, flops, bytes);
    double peak = device.peakFlopsPerSecond(model.weightDtype());
    double bandwidth = device.bandwidthBytesPerSecond();
    double t = 0;
    for (int op = 0; op < OPS; op++) {
      if (op == POST_NORM && !model.postAttnNorm()) {
        continue; // phi-2: parallel attention and MLP under one norm
      }
      t += overhead[op] + compute[op] * flops[op] / peak + memory[op] * bytes[op] / bandwidth;
    }
    return t;
  }

  /**
   * FLOPs and bytes moved per operator for one layer on one GPU. GEMMs read their weights once and their
   * activations (2 bytes) in and out; element-wise operators read and write 2-byte activations.
   */
  static void work(ModelSpec model, int tp, int tokens, double[] flops, double[] bytes) {
    double t = tokens;
    double d = model.embeddingDim();
    double hd = model.headDim();
    double q = (double) (model.numQHeads() / tp) * hd;
    double kv = (double) ((model.numKvHeads() + tp - 1) / tp) * hd;
    double wb = model.weightDtype().bytes();
    gemm(PRE_PROJ, t, d, q + 2 * kv, wb, flops, bytes);
    gemm(POST_PROJ, t, q, d, wb, flops, bytes);
    bytes[ROPE] = t * (q + kv) * 4;
    bytes[INPUT_NORM] = t * d * 4;
    bytes[POST_NORM] = model.postAttnNorm() ? t * d * 4 : 0;
    bytes[ADD] = t * d * 6;
    MoeSpec moe = model.moe();
    if (moe == null) {
      double width = (double) model.mlpHiddenDim() / tp;
      gemm(UP_PROJ, t, d, (model.gatedMlp() ? 2 : 1) * width, wb, flops, bytes);
      gemm(DOWN_PROJ, t, width, d, wb, flops, bytes);
      bytes[ACT] = t * width * (model.gatedMlp() ? 3 : 2) * 2;
      return;
    }
    // Routed experts: tokens x top-k rows in all. With TP every GPU holds a 1/tp slice of every expert
    // and computes all rows on it; with EP each GPU holds E/tp whole experts and computes the rows routed
    // to them, the busiest GPU taking loadImbalance times the mean.
    double he = moe.expertHiddenDim();
    double rows = t * moe.expertsPerToken();
    double widthPerGpu;
    double rowsPerGpu;
    double expertsHeld;
    if (moe.expertParallel()) {
      widthPerGpu = he;
      rowsPerGpu = rows / tp * moe.loadImbalance();
      expertsHeld = (double) moe.numExperts() / tp;
    } else {
      widthPerGpu = he / tp;
      rowsPerGpu = rows;
      expertsHeld = moe.numExperts();
    }
    double active = moe.activeExperts(expertsHeld, tokens);
    flops[UP_PROJ] = 2 * rowsPerGpu * d * 2 * widthPerGpu;
    bytes[UP_PROJ] = active * d * 2 * widthPerGpu * wb + rowsPerGpu * (d + 2 * widthPerGpu) * 2;
    flops[DOWN_PROJ] = 2 * rowsPerGpu * widthPerGpu * d;
    bytes[DOWN_PROJ] = active * widthPerGpu * d * wb + rowsPerGpu * (widthPerGpu + d) * 2;
    bytes[ACT] = rowsPerGpu * widthPerGpu * 3 * 2;
    // The router's gate (hidden x experts, replicated) and any shared experts (dense, sharded by TP).
    addGemm(UP_PROJ, t, d, moe.numExperts(), wb, flops, bytes);
    if (moe.sharedExperts() > 0) {
      double shared = (double) moe.sharedExperts() * moe.sharedExpertHiddenDim() / tp;
      addGemm(UP_PROJ, t, d, 2 * shared, wb, flops, bytes);
      addGemm(DOWN_PROJ, t, shared, d, wb, flops, bytes);
      bytes[ACT] += t * shared * 3 * 2;
    }
  }

  private static void gemm(int op, double t, double k, double n, double wb, double[] flops, double[] bytes) {
    flops[op] = 0;
    bytes[op] = 0;
    addGemm(op, t, k, n, wb, flops, bytes);
  }

  private static void addGemm(int op, double t, double k, double n, double wb, double[] flops,
      double[] bytes) {
    flops[op] += 2 * t * k * n;
    bytes[op] += k * n * wb + t * (k + n) * 2;
  }

  /** Ring all-reduce over the node's interconnect: each GPU sends and receives 2(tp-1)/tp of the message. */
  static double allReduceSeconds(double bytes, int tp, NodeSpec node) {
    return node.interconnectLatencySeconds()
        + 2.0 * (tp - 1) / tp * bytes
            / (node.interconnectBytesPerSecond() * COLLECTIVE_BANDWIDTH_EFFICIENCY);
  }

  /**
   * Between pipeline stages: within a node over its interconnect, across nodes over one 400 Gb/s
   * InfiniBand NIC per GPU (50 GB/s, as in DGX H100 and DGX B200), the same efficiency.
   */
  static double sendRecvSeconds(double bytes, NodeSpec node, boolean acrossNodes) {
    double link = acrossNodes ? INTER_NODE_BYTES_PER_S : node.interconnectBytesPerSecond();
    return node.interconnectLatencySeconds() + bytes / (link * COLLECTIVE_BANDWIDTH_EFFICIENCY);
  }

  static final double INTER_NODE_BYTES_PER_S = 50e9;
}
