package dev.capacity.simulator.workload;

/**
 * A parsed request trace in primitive columns, immutable and shared by every simulation of a study.
 *
 * <p>{@code arrivalSeconds} is null when the source has no arrival times (lengths-only Vidur CSV).
 * Block hashes are 16-token KV block ids covering prompt and output, request {@code i} owning
 * {@code blockHashes[hashOffsets[i] .. hashOffsets[i + 1])}; {@code blockHashes} is null when the trace has
 * no hashes. {@code sessionIds} is null when there are no sessions.
 */
public record Trace(
    String source,
    int size,
    double[] arrivalSeconds,
    int[] prefillTokens,
    int[] decodeTokens,
    long[] blockHashes,
    int[] hashOffsets,
    int[] sessionIds) {

  public boolean hasHashes() {
    return blockHashes != null;
  }

  public boolean hasSessions() {
    return sessionIds != null;
  }

  public boolean hasArrivals() {
    return arrivalSeconds != null;
  }

  public int numBlocks(int request) {
    return hashOffsets[request + 1] - hashOffsets[request];
  }
}
