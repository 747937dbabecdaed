package dev.capacity.simulator.timing;

/**
 * What the execution-time model needs to know about one batch iteration, in primitive form. One instance
 * is reused per replica for every iteration, so forming a batch allocates nothing.
 *
 * <p>Prefill entries carry one chunk each: {@code chunk} new prompt tokens computed on top of {@code kv}
 * tokens already in the KV cache (cached prefix plus earlier chunks). Decode entries carry the context
 * length of one request generating one token.
 */
public final class BatchShape {
  private int numTokens;
  private int numDecodes;
  private long decodeKvSum;
  private int numPrefills;
  private int[] prefillChunk = new int[64];
  private int[] prefillKv = new int[64];

  public void clear() {
    numTokens = 0;
    numDecodes = 0;
    decodeKvSum = 0;
    numPrefills = 0;
  }

  /** One decode request with {@code kvContext} tokens in its KV cache before this step. */
  public void addDecode(int kvContext) {
    numDecodes++;
    decodeKvSum += kvContext;
    numTokens++;
  }

  /** One prefill chunk of {@code chunk} tokens on top of {@code kvContext} tokens already cached. */
  public void addPrefill(int chunk, int kvContext) {
    if (numPrefills == prefillChunk.length) {
      prefillChunk = java.util.Arrays.copyOf(prefillChunk, numPrefills * 2);
      prefillKv = java.util.Arrays.copyOf(prefillKv, numPrefills * 2);
    }
    prefillChunk[numPrefills] = chunk;
    prefillKv[numPrefills] = kvContext;
    numPrefills++;
    numTokens += chunk;
  }

  /** Every decode request's context grew by one token: the next identical decode step. */
  public void nextDecodeStep() {
    decodeKvSum += numDecodes;
  }

  public int numTokens() { return numTokens; }
  public int numDecodes() { return numDecodes; }
  public long decodeKvSum() { return decodeKvSum; }
  public int numPrefills() { return numPrefills; }
  public int prefillChunk(int i) { return prefillChunk[i]; }
  public int prefillKv(int i) { return prefillKv[i]; }
  public boolean isEmpty() { return numTokens == 0; }
}
