package dev.capacity.simulator.batching;

import dev.capacity.simulator.engine.Request;
import dev.capacity.simulator.timing.BatchShape;
import java.util.Arrays;

/**
 * One batch iteration: the requests scheduled and how many tokens each gets. Batches are pooled per
 * replica and reused, so forming one allocates nothing in steady state.
 */
public final class Batch {
  private Request[] requests = new Request[64];
  private int[] tokens = new int[64];
  private int size;
  private int numTokens;
  private int numPrefillTokens;
  private final BatchShape shape = new BatchShape();
  /**
   * Identical decode iterations this batch stands for (1 normally), with the time of each: the engine
   * runs a steady decode phase as one batch of several steps.
   */
  private double[] stepSeconds = new double[16];
  private int steps;
  /** Time to load the KV blocks its admissions hit in lower cache tiers (CPU memory, a pool). */
  private double loadSeconds;

  public void clear() {
    steps = 0;
    loadSeconds = 0;
    Arrays.fill(requests, 0, size, null);
    size = 0;
    numTokens = 0;
    numPrefillTokens = 0;
    shape.clear();
  }

  /** Adds a request with {@code tokenCount} tokens: a prefill chunk, or 1 for a decode step. */
  public void add(Request request, int tokenCount) {
    if (size == requests.length) {
      requests = Arrays.copyOf(requests, size * 2);
      tokens = Arrays.copyOf(tokens, size * 2);
    }
    requests[size] = request;
    tokens[size] = tokenCount;
    size++;
    numTokens += tokenCount;
    if (request.isPrefillComplete()) {
      shape.addDecode(request.processedTokens());
    } else {
      numPrefillTokens += tokenCount;
      shape.addPrefill(tokenCount, request.processedTokens());
    }
  }

  public int size() { return size; }
  public Request request(int i) { return requests[i]; }
  public int tokens(int i) { return tokens[i]; }
  public int numTokens() { return numTokens; }
  /** Tokens of requests still in prefill when the batch was formed. */
  public int numPrefillTokens() { return numPrefillTokens; }
  public boolean isEmpty() { return size == 0; }
  public BatchShape shape() { return shape; }

  /** Iterations this batch stands for: 1, or more for a run of identical decode steps. */
  public int steps() { return Math.max(1, steps); }

  public double stepSeconds(int i) { return stepSeconds[i]; }

  public double loadSeconds() { return loadSeconds; }

  public void setLoadSeconds(double seconds) { loadSeconds = seconds; }

  public void addStep(double seconds) {
    if (steps == stepSeconds.length) {
      stepSeconds = Arrays.copyOf(stepSeconds, steps * 2);
    }
    stepSeconds[steps++] = seconds;
  }
}
