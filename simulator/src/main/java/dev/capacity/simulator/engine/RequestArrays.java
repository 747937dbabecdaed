package dev.capacity.simulator.engine;

/**
 * The requests of one simulation in arrival order, as primitive columns. Block hashes index into a flat
 * array shared with the trace ({@code hashes} null when the trace has none); {@code sessionIds} null when
 * the trace has no sessions.
 */
public record RequestArrays(
    double[] arrivalSeconds,
    int[] prefillTokens,
    int[] decodeTokens,
    long[] hashes,
    int[] hashStart,
    int[] hashCount,
    int[] sessionIds) {

  public int size() {
    return arrivalSeconds.length;
  }

  public int maxTotalTokens() {
    int max = 0;
    for (int i = 0; i < prefillTokens.length; i++) {
      max = Math.max(max, prefillTokens[i] + decodeTokens[i]);
    }
    return max;
  }
}
