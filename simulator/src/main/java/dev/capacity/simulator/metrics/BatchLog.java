package dev.capacity.simulator.metrics;

import java.util.Arrays;

/**
 * One row per batch iteration a replica ran (its first pipeline stage): execution time, tokens, prompt
 * and decode tokens, sequences. Primitive columns grown by doubling, so logging a batch allocates
 * nothing in the steady state. The source of the {@code plots/batch_*.csv} tables, which show why two
 * configurations' latencies differ (batch sizes, tokens per iteration, iteration times).
 */
public final class BatchLog {
  /** The logged quantities, in the reference's names ({@code plots/<name>.csv}). */
  public enum Column {
    BATCH_EXECUTION_TIME, BATCH_NUM_TOKENS, BATCH_NUM_PREFILL_TOKENS, BATCH_NUM_DECODE_TOKENS, BATCH_SIZE;

    public String fileName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private int size;
  private int[] replica = new int[1024];
  private double[] seconds = new double[1024];
  private int[] tokens = new int[1024];
  private int[] prefillTokens = new int[1024];
  private int[] decodes = new int[1024];
  private int[] sequences = new int[1024];

  public void add(int replicaId, double executionSeconds, int numTokens, int numPrefillTokens,
      int numDecodeTokens, int numSequences) {
    if (size == replica.length) {
      int n = size * 2;
      replica = Arrays.copyOf(replica, n);
      seconds = Arrays.copyOf(seconds, n);
      tokens = Arrays.copyOf(tokens, n);
      prefillTokens = Arrays.copyOf(prefillTokens, n);
      decodes = Arrays.copyOf(decodes, n);
      sequences = Arrays.copyOf(sequences, n);
    }
    replica[size] = replicaId;
    seconds[size] = executionSeconds;
    tokens[size] = numTokens;
    prefillTokens[size] = numPrefillTokens;
    decodes[size] = numDecodeTokens;
    sequences[size] = numSequences;
    size++;
  }

  public int size() {
    return size;
  }

  /** The values of one column for one replica's batches, in the order they ran. */
  public double[] values(Column column, int replicaId) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (replica[i] == replicaId) {
        n++;
      }
    }
    double[] out = new double[n];
    int k = 0;
    for (int i = 0; i < size; i++) {
      if (replica[i] == replicaId) {
        out[k++] = switch (column) {
          case BATCH_EXECUTION_TIME -> seconds[i];
          case BATCH_NUM_TOKENS -> tokens[i];
          case BATCH_NUM_PREFILL_TOKENS -> prefillTokens[i];
          case BATCH_NUM_DECODE_TOKENS -> decodes[i];
          case BATCH_SIZE -> sequences[i];
        };
      }
    }
    return out;
  }
}
