package dev.capacity.simulator.hardware;

/**
 * Shape of a transformer model, as far as memory planning and timing need it. Values follow Vidur's
 * {@code model_config.py} and were checked against the identifying columns of each bundled mlp.csv
 * ({@code n_head, n_kv_head, n_embd, n_expanded_embd, vocab_size, use_gated_mlp}).
 *
 * @param identifier Hugging Face name, e.g. {@code meta-llama/Meta-Llama-3-8B}; also the profile folder
 */
public record ModelSpec(
    String identifier,
    int numLayers,
    int embeddingDim,
    int numQHeads,
    int numKvHeads,
    int mlpHiddenDim,
    int vocabSize,
    boolean gatedMlp,
    boolean postAttnNorm,
    int maxModelLen) {

  public int headDim() {
    return embeddingDim / numQHeads;
  }

  /** The part after the organisation, e.g. {@code Meta-Llama-3-8B}. */
  public String shortName() {
    int slash = identifier.lastIndexOf('/');
    return slash < 0 ? identifier : identifier.substring(slash + 1);
  }

  /**
   * Weight parameters of one layer on one tensor-parallel GPU, exactly as Vidur's canary memory planner
   * counts them (QKV, output projection, MLP; no norms, biases or embeddings). Reference §3.3 step 2.
   */
  public long paramsPerLayerPerDevice(int tp) {
    long e = embeddingDim;
    long hd = headDim();
    long qPerGpu = numQHeads / tp;
    long kvPerGpu = ceilDiv(numKvHeads, tp);
    long qkv = e * hd * (qPerGpu + 2 * kvPerGpu);
    long out = e * hd * qPerGpu;
    long mlp = (gatedMlp ? 3L : 2L) * e * mlpHiddenDim / tp;
    return qkv + out + mlp;
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
