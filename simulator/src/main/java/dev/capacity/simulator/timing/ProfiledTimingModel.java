package dev.capacity.simulator.timing;

/**
 * Design §4 execution-time model of one pipeline stage. Everything that depends only on the batch's
 * token count (linear operators, two tensor-parallel all-reduces per layer, pipeline send/recv) is
 * precomputed into dense tables indexed by tokens rounded up to a multiple of 8, as Vidur's predictor
 * rounds; attention depends on each chunk's context and is a few multiplications per call. So
 * {@link #stageSeconds} is array lookups and arithmetic: no allocation, no boxing.
 *
 * <p>Immutable after construction; safe to share between threads and simulations.
 */
public final class ProfiledTimingModel implements ExecutionTimeModel {
  /** Tables cover this many tokens; larger batches extrapolate linearly from the last two entries. */
  public static final int MAX_TABLE_TOKENS = 65_536;

  private final int layersPerStage;
  private final double[] layerSecondsByTok8;
  private final double[] sendRecvSecondsByTok8;
  private final AnalyticAttention attention;

  /**
   * @param layerSecondsByTok8 per layer: linear operators plus all-reduces, index = tokens/8 (tokens a
   *     multiple of 8), entry 0 unused
   * @param sendRecvSecondsByTok8 per stage boundary, same indexing; all zeros when PP is 1
   */
  ProfiledTimingModel(
      int layersPerStage,
      double[] layerSecondsByTok8,
      double[] sendRecvSecondsByTok8,
      AnalyticAttention attention) {
    this.layersPerStage = layersPerStage;
    this.layerSecondsByTok8 = layerSecondsByTok8;
    this.sendRecvSecondsByTok8 = sendRecvSecondsByTok8;
    this.attention = attention;
  }

  @Override
  public double stageSeconds(BatchShape batch, boolean lastStage) {
    int tokens = batch.numTokens();
    if (tokens == 0) {
      return 0.0;
    }
    int idx = (tokens + 7) >>> 3;
    double perLayer = lookup(layerSecondsByTok8, idx) + attentionSeconds(batch);
    double stage = perLayer * layersPerStage;
    if (!lastStage) {
      stage += lookup(sendRecvSecondsByTok8, idx);
    }
    return stage;
  }

  /** Attention of one layer: each prefill chunk is its own kernel call; all decodes share one. */
  double attentionSeconds(BatchShape batch) {
    double t = 0.0;
    for (int i = 0, n = batch.numPrefills(); i < n; i++) {
      t += attention.prefillSeconds(batch.prefillChunk(i), batch.prefillKv(i));
    }
    if (batch.numDecodes() > 0) {
      t += attention.decodeSeconds(batch.decodeKvSum());
    }
    return t + attention.kvSaveSeconds(batch.numTokens());
  }

  /** Linear operators and all-reduces of one layer at {@code tokens} (rounded up to 8), seconds. */
  double layerSeconds(int tokens) {
    return lookup(layerSecondsByTok8, (tokens + 7) >>> 3);
  }

  int layersPerStage() {
    return layersPerStage;
  }

  private static double lookup(double[] table, int idx) {
    int last = table.length - 1;
    if (idx <= last) {
      return table[idx];
    }
    return table[last] + (table[last] - table[last - 1]) * (idx - last);
  }
}
