package dev.capacity.simulator.workload;

/**
 * The requests of one simulation, in arrival order, as primitive columns. Request i is trace row
 * {@link #traceRow(int)} with (possibly clipped) lengths; its 16-token block hashes are
 * {@code trace().blockHashes()[hashStart(i) .. hashStart(i) + numHashes(i))}, the row's hashes truncated to
 * floor((P + D) / 16) of the clipped lengths, read in place rather than copied.
 */
public final class Workload {
  private final Trace trace;
  private final double[] arrivalSeconds;
  private final int[] traceRow;
  private final int[] prefillTokens;
  private final int[] decodeTokens;
  private final int numClipped;

  Workload(Trace trace, double[] arrivalSeconds, int[] traceRow, int[] prefillTokens, int[] decodeTokens,
      int numClipped) {
    this.trace = trace;
    this.arrivalSeconds = arrivalSeconds;
    this.traceRow = traceRow;
    this.prefillTokens = prefillTokens;
    this.decodeTokens = decodeTokens;
    this.numClipped = numClipped;
  }

  public int size() {
    return traceRow.length;
  }

  public Trace trace() {
    return trace;
  }

  public double arrivalSeconds(int i) {
    return arrivalSeconds[i];
  }

  public int traceRow(int i) {
    return traceRow[i];
  }

  public int prefillTokens(int i) {
    return prefillTokens[i];
  }

  public int decodeTokens(int i) {
    return decodeTokens[i];
  }

  /** Requests whose P + D exceeded max_seq_len and were clipped (design §3). */
  public int numClipped() {
    return numClipped;
  }

  public boolean hasHashes() {
    return trace.hasHashes();
  }

  /** Index into {@code trace().blockHashes()} of request i's first block hash (only with hashes). */
  public int hashStart(int i) {
    return trace.hashOffsets()[traceRow[i]];
  }

  /** Number of block hashes of request i: 0 without hashes. */
  public int numHashes(int i) {
    if (!trace.hasHashes()) {
      return 0;
    }
    int fit = (int) (((long) prefillTokens[i] + decodeTokens[i]) / 16);
    return Math.min(trace.numBlocks(traceRow[i]), fit);
  }

  /** Session id of request i, or -1 when the trace has no sessions. */
  public int sessionId(int i) {
    return trace.hasSessions() ? trace.sessionIds()[traceRow[i]] : -1;
  }

  // Whole columns for hot loops and tests; callers must not modify them.
  public double[] arrivalSecondsColumn() {
    return arrivalSeconds;
  }

  public int[] prefillTokensColumn() {
    return prefillTokens;
  }

  public int[] decodeTokensColumn() {
    return decodeTokens;
  }

  public int[] traceRowColumn() {
    return traceRow;
  }
}
