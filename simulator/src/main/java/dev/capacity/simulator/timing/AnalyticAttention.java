package dev.capacity.simulator.timing;

import dev.capacity.simulator.hardware.DeviceSpec;
import dev.capacity.simulator.hardware.ModelSpec;

/**
 * Attention time of one layer on one GPU from work and device peaks (design §4), since no full Vidur
 * attention profile was obtainable. Prefill is compute-bound: causal FLOPs of the chunk over its
 * context. Decode is memory-bound: bytes of K and V read. Each divides by peak × an efficiency that
 * rises with the work per call, {@code eff(w) = effMax · w / (w + w0)}, plus a fixed kernel overhead.
 * With that form {@code w / (peak · eff(w)) = (w + w0) / (peak · effMax)}, which is what is computed.
 *
 * <p>The constants were fitted offline on the bundled attention sample (A100 80GB, Llama-3-8B, TP1 and
 * TP4 rows; FlashInfer) by minimising the mean absolute log error; {@code CALIBRATION.md} next to the
 * profiles gives the method and the error, and {@code AttentionCalibrationTest} re-checks the error on
 * every build. Other devices are scaled by their FLOP/s and bandwidth peaks; overheads stay in seconds.
 */
final class AnalyticAttention {
  /** A100 peaks the sample was fitted against. */
  static final double CALIBRATION_PEAK_FLOPS = 312e12;
  static final double CALIBRATION_BANDWIDTH = 2039e9;

  static final double PREFILL_OVERHEAD_S = 8.627e-6;
  static final double PREFILL_EFF_MAX = 0.4596;
  static final double PREFILL_W0_FLOPS = 3.384e9;

  static final double DECODE_OVERHEAD_S = 12.94e-6;
  static final double DECODE_EFF_MAX = 0.7985;
  static final double DECODE_W0_BYTES = 8.410e5;

  /**
   * Writing each new token's K and V into the paged cache (vLLM's {@code reshape_and_cache_flash}) reads
   * them from the QKV output and writes them to their blocks: 2 x 2 x KV width x 2 bytes per token, at
   * the decode kernels' bandwidth efficiency. About 1.4 us for a 512-token chunk of Llama-3-8B at TP1 on
   * an A100. The attention sample's {@code attn_kv_cache_save} column says 0.55 us per token (TP1) and
   * 0.22-0.5 (TP4): 250 times what the bytes take, and not falling with TP as the bytes do, so it times
   * the profiler's per-call host work rather than the copy; that host work is part of the engine's
   * per-step overhead ({@link EngineOverhead}), not of every layer.
   */
  static final double KV_SAVE_PASSES = 2.0;

  private final double qWidth; // query heads per GPU × head dim
  private final double kvWidth; // KV heads per GPU × head dim
  private final double prefillSecondsPerFlop;
  private final double prefillFixed;
  private final double decodeSecondsPerByte;
  private final double decodeFixed;
  private final double kvSavePerToken;
  private final double kvBytes; // per cached value: 2 (bf16) or 1 (fp8)

  AnalyticAttention(ModelSpec model, DeviceSpec device, int tp, double decodeSlowdown) {
    this(model, device.peakFlopsPerSecond(), device.bandwidthBytesPerSecond(), tp, decodeSlowdown);
  }

  AnalyticAttention(ModelSpec model, double peakFlops, double bandwidth, int tp) {
    this(model, peakFlops, bandwidth, tp, 1.0);
  }

  /** @param decodeSlowdown decode attention's time relative to the calibrated kernels (1 = as fitted) */
  AnalyticAttention(ModelSpec model, double peakFlops, double bandwidth, int tp, double decodeSlowdown) {
    this.qWidth = (double) (model.numQHeads() / tp) * model.headDim();
    // KV heads are replicated when TP exceeds them (ceil), as in the memory planner.
    this.kvWidth = (double) ((model.numKvHeads() + tp - 1) / tp) * model.headDim();
    this.kvBytes = model.kvCacheDtype().bytes();
    this.prefillSecondsPerFlop = 1.0 / (peakFlops * PREFILL_EFF_MAX);
    this.prefillFixed = PREFILL_OVERHEAD_S + PREFILL_W0_FLOPS * prefillSecondsPerFlop;
    double calibratedPerByte = 1.0 / (bandwidth * DECODE_EFF_MAX);
    this.decodeSecondsPerByte = calibratedPerByte * decodeSlowdown;
    this.decodeFixed = DECODE_OVERHEAD_S + DECODE_W0_BYTES * decodeSecondsPerByte;
    this.kvSavePerToken = KV_SAVE_PASSES * 2.0 * kvWidth * kvBytes * calibratedPerByte;
  }

  /** Causal FLOPs of a chunk on top of {@code kv} cached tokens: QK^T and PV, 2 FLOPs per MAC. */
  double prefillFlops(int chunk, int kv) {
    return 4.0 * chunk * (kv + chunk * 0.5) * qWidth;
  }

  /** One prefill chunk, seconds. */
  double prefillSeconds(int chunk, int kv) {
    return prefillFixed + prefillFlops(chunk, kv) * prefillSecondsPerFlop;
  }

  /** K and V bytes read by one decode call over {@code kvSum} context tokens in total. */
  double decodeBytes(long kvSum) {
    return kvSum * 2.0 * kvWidth * kvBytes;
  }

  /** All decode requests of a batch run as one call, seconds. */
  double decodeSeconds(long kvSum) {
    return decodeFixed + decodeBytes(kvSum) * decodeSecondsPerByte;
  }

  /** Cache writes of every new token of the batch (prompt chunks and decodes alike), seconds. */
  double kvSaveSeconds(int tokens) {
    return tokens * kvSavePerToken;
  }
}
