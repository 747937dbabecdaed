package dev.capacity.simulator.hardware;

import dev.capacity.simulator.SimulationInputException;

/**
 * The mixture-of-experts part of a model: each MoE layer's feed-forward network is {@code numExperts}
 * experts (gated MLPs of {@code expertHiddenDim}), of which a router picks {@code expertsPerToken} per
 * token, plus {@code sharedExperts} that every token passes through (DeepSeek-style; 0 for Mixtral and
 * Qwen3-MoE). All experts' weights are in GPU memory; compute is the active experts' only.
 *
 * @param loadImbalance with expert parallelism, the busiest GPU's routed tokens over the mean (1 = a
 *     perfectly balanced router); the FFN takes as long as the busiest GPU. Without expert parallelism
 *     every GPU holds a 1/TP slice of every expert and the factor does not apply.
 * @param expertParallel the replica's GPUs hold whole experts (numExperts / TP each) instead of a 1/TP
 *     slice of every expert, as vLLM's {@code enable_expert_parallel} with tensor-parallel attention: each
 *     GPU runs its own experts for the tokens routed to them and the layer ends with the same all-reduce
 */
public record MoeSpec(
    int numExperts, int expertsPerToken, int expertHiddenDim, int sharedExperts, int sharedExpertHiddenDim,
    double loadImbalance, boolean expertParallel) {

  public MoeSpec {
    if (numExperts < 1 || expertsPerToken < 1 || expertsPerToken > numExperts || expertHiddenDim < 1
        || sharedExperts < 0 || (sharedExperts > 0 && sharedExpertHiddenDim < 1)
        || !(loadImbalance >= 1.0) || Double.isInfinite(loadImbalance)) {
      throw new SimulationInputException("mixture of experts: num_experts=" + numExperts
          + ", experts_per_token=" + expertsPerToken + ", expert_intermediate_size=" + expertHiddenDim
          + ", shared_experts=" + sharedExperts + ", shared_expert_intermediate_size="
          + sharedExpertHiddenDim + ", load_imbalance=" + loadImbalance
          + "; allowed: 1 <= experts_per_token <= num_experts, sizes >= 1, load_imbalance >= 1");
    }
  }

  /** Routed experts only, balanced. */
  public static MoeSpec of(int numExperts, int expertsPerToken, int expertHiddenDim) {
    return new MoeSpec(numExperts, expertsPerToken, expertHiddenDim, 0, 0, 1.0, false);
  }

  /** The same experts placed with or without expert parallelism. */
  public MoeSpec withExpertParallel(boolean ep) {
    return new MoeSpec(numExperts, expertsPerToken, expertHiddenDim, sharedExperts, sharedExpertHiddenDim,
        loadImbalance, ep);
  }

  /**
   * Expected number of distinct experts (of {@code experts}) that {@code tokens} tokens touch when each
   * picks {@code expertsPerToken} of {@link #numExperts} uniformly: {@code experts (1 - (1 - k/E)^T)}.
   * A decode step of one token reads k experts' weights; a long prefill reads them all.
   */
  public double activeExperts(double experts, int tokens) {
    double miss = 1.0 - (double) expertsPerToken / numExperts;
    return experts * (1.0 - Math.pow(miss, tokens));
  }
}
