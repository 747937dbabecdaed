package dev.capacity.simulator.hardware;

import dev.capacity.simulator.SimulationInputException;

/**
 * Shape of a transformer model, as far as memory planning and timing need it. The eight models of Vidur's
 * profiles follow Vidur's {@code model_config.py} and were checked against the identifying columns of
 * each bundled mlp.csv ({@code n_head, n_kv_head, n_embd, n_expanded_embd, vocab_size, use_gated_mlp});
 * the others follow their Hugging Face {@code config.json} ({@link Catalog} cites each).
 *
 * @param identifier Hugging Face name, e.g. {@code meta-llama/Meta-Llama-3-8B}; also the profile folder
 * @param headDim per attention head; {@code embeddingDim / numQHeads} for most models, but not all
 *     (Qwen3-30B-A3B: hidden 2,048, 32 heads of 128)
 * @param mlpHiddenDim the dense feed-forward width ({@code intermediate_size}); unused by MoE layers
 * @param tiedEmbeddings the LM head shares the input embedding's weights ({@code tie_word_embeddings})
 * @param moe the mixture-of-experts feed-forward, or null for a dense model
 * @param weightDtype precision of the weights in memory and in the linear operators
 * @param kvCacheDtype precision of the KV cache
 */
public record ModelSpec(
    String identifier,
    int numLayers,
    int embeddingDim,
    int numQHeads,
    int numKvHeads,
    int headDim,
    int mlpHiddenDim,
    int vocabSize,
    boolean gatedMlp,
    boolean postAttnNorm,
    int maxModelLen,
    boolean tiedEmbeddings,
    MoeSpec moe,
    Dtype weightDtype,
    Dtype kvCacheDtype) {

  public ModelSpec {
    if (identifier == null || identifier.isBlank() || numLayers < 1 || embeddingDim < 1 || numQHeads < 1
        || numKvHeads < 1 || headDim < 1 || mlpHiddenDim < 0 || (moe == null && mlpHiddenDim < 1)
        || vocabSize < 1 || maxModelLen < 1 || numQHeads % numKvHeads != 0
        || weightDtype == null || kvCacheDtype == null) {
      throw new SimulationInputException("model '" + identifier + "': num_hidden_layers=" + numLayers
          + ", hidden_size=" + embeddingDim + ", num_attention_heads=" + numQHeads
          + ", num_key_value_heads=" + numKvHeads + ", head_dim=" + headDim + ", intermediate_size="
          + mlpHiddenDim + ", vocab_size=" + vocabSize + ", max_position_embeddings=" + maxModelLen
          + "; allowed: every size >= 1 (intermediate_size may be 0 for a mixture of experts) and"
          + " num_key_value_heads dividing num_attention_heads");
    }
  }

  /** A dense bf16 model with untied embeddings and {@code headDim = embeddingDim / numQHeads}: Vidur's. */
  public ModelSpec(String identifier, int numLayers, int embeddingDim, int numQHeads, int numKvHeads,
      int mlpHiddenDim, int vocabSize, boolean gatedMlp, boolean postAttnNorm, int maxModelLen) {
    this(identifier, numLayers, embeddingDim, numQHeads, numKvHeads, embeddingDim / numQHeads,
        mlpHiddenDim, vocabSize, gatedMlp, postAttnNorm, maxModelLen, false, null, Dtype.BF16, Dtype.BF16);
  }

  /** The same model stored at other precisions (a cluster's or a study's choice). */
  public ModelSpec withPrecision(Dtype weights, Dtype kvCache) {
    return new ModelSpec(identifier, numLayers, embeddingDim, numQHeads, numKvHeads, headDim,
        mlpHiddenDim, vocabSize, gatedMlp, postAttnNorm, maxModelLen, tiedEmbeddings, moe, weights,
        kvCache);
  }

  /** The same model with its experts placed with or without expert parallelism (dense: itself). */
  public ModelSpec withExpertParallel(boolean ep) {
    return moe == null || moe.expertParallel() == ep ? this
        : new ModelSpec(identifier, numLayers, embeddingDim, numQHeads, numKvHeads, headDim, mlpHiddenDim,
            vocabSize, gatedMlp, postAttnNorm, maxModelLen, tiedEmbeddings, moe.withExpertParallel(ep),
            weightDtype, kvCacheDtype);
  }

  /** A mixture-of-experts model: its feed-forward layers are {@link #moe()}'s experts. */
  public boolean mixtureOfExperts() {
    return moe != null;
  }

  /** The part after the organisation, e.g. {@code Meta-Llama-3-8B}. */
  public String shortName() {
    int slash = identifier.lastIndexOf('/');
    return slash < 0 ? identifier : identifier.substring(slash + 1);
  }

  /**
   * Weight parameters of one layer on one tensor-parallel GPU. For a dense model exactly as Vidur's canary
   * memory planner counts them (QKV, output projection, MLP; no norms, biases or embeddings; reference
   * §3.3 step 2). For a mixture of experts the MLP is every routed expert (all are in memory, sharded by
   * TP or, with expert parallelism, whole experts spread over the same GPUs: the same count per GPU),
   * the shared experts, and the router's gate (replicated).
   */
  public long paramsPerLayerPerDevice(int tp) {
    long e = embeddingDim;
    long hd = headDim;
    long qPerGpu = numQHeads / tp;
    long kvPerGpu = ceilDiv(numKvHeads, tp);
    long qkv = e * hd * (qPerGpu + 2 * kvPerGpu);
    long out = e * hd * qPerGpu;
    long mlp;
    if (moe == null) {
      mlp = (gatedMlp ? 3L : 2L) * e * mlpHiddenDim / tp;
    } else {
      mlp = 3L * e * moe.expertHiddenDim() * moe.numExperts() / tp
          + 3L * e * moe.sharedExpertHiddenDim() * moe.sharedExperts() / tp
          + e * moe.numExperts();
    }
    return qkv + out + mlp;
  }

  /** Input embedding and LM head on one GPU (vocabulary-parallel, both sharded by TP; once if tied). */
  public long embeddingParamsPerDevice(int tp) {
    return (tiedEmbeddings ? 1L : 2L) * vocabSize * (long) embeddingDim / tp;
  }

  /** KV-cache bytes of one token in one layer on one GPU: K and V of its KV heads. */
  public long kvBytesPerTokenPerLayer(int tp) {
    return 2L * headDim * ceilDiv(numKvHeads, tp) * kvCacheDtype.bytes();
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
