package dev.capacity.simulator.timing;

import dev.capacity.simulator.SimulationInputException;
import java.util.List;

/**
 * What a serving engine adds to a batch iteration beyond the GPU kernels the profiles time: the host's
 * per-step work and, without CUDA graphs, launching every kernel from Python. The iteration then takes
 * {@code max(kernels, launches) + host}: the CPU enqueues kernels asynchronously, so launches hide behind
 * GPU work until they take longer than it (small decode batches, high TP); the host work (scheduling,
 * input preparation, the sampler's synchronisation, output processing) does not overlap the GPU in a
 * synchronous engine loop such as vLLM 0.9's V1 engine core.
 *
 * <p>The constants were fitted on the 30 measured runs with one engine that the data does not mark
 * overloaded (vLLM V1, Llama-3-8B, A100-SXM4-40GB, data parallel 1, TP 1 / 2 / 4 / 8, QPS 0.25-25, eager
 * mode) by {@code EngineOverheadFit}; the 62 data-parallel runs (DP 2, 4, 8) are held out. The site's execution-time page gives the fit, the
 * physics behind each term and the errors on the held-out runs.
 *
 * @param mode {@code cuda_graphs}, {@code eager} or {@code none}
 * @param hostSecondsPerStep host work per iteration that does not overlap the GPU
 * @param hostSecondsPerSequence host work per sequence of the iteration (input preparation, sampling
 *     and output processing of one row)
 * @param launchSecondsPerLayer launching one decoder layer's kernels in eager mode (about 10 PyTorch
 *     operations: norms, three GEMMs, rotary, cache write, attention, activation)
 * @param launchSecondsPerCollective launching one tensor-parallel all-reduce (two per layer when TP > 1)
 * @param decodeAttentionSlowdown decode attention's time relative to the calibrated analytic model
 *     (fitted on FlashInfer decode kernels): vLLM's FlashAttention backend runs decodes inside one varlen
 *     call with the prefill chunks, over 16-token paged blocks, and reads the cache less efficiently
 * @param graphMaxTokens iterations of at most this many tokens replay a captured CUDA graph and pay no
 *     per-kernel launch; larger ones launch eagerly (vLLM captures up to 512 tokens by default)
 */
public record EngineOverhead(
    String mode,
    double hostSecondsPerStep,
    double hostSecondsPerSequence,
    double launchSecondsPerLayer,
    double launchSecondsPerCollective,
    double decodeAttentionSlowdown,
    int graphMaxTokens) {

  public static final String CUDA_GRAPHS = "cuda_graphs";
  public static final String EAGER = "eager";
  public static final String NONE = "none";
  public static final List<String> MODES = List.of(CUDA_GRAPHS, EAGER, NONE);

  /** Fitted host time per iteration (see the class comment). */
  public static final double HOST_SECONDS_PER_STEP = 4.5e-3;
  /** Fitted host time per sequence of an iteration. */
  public static final double HOST_SECONDS_PER_SEQUENCE = 75e-6;
  /** Fitted eager launch time of one decoder layer. */
  public static final double LAUNCH_SECONDS_PER_LAYER = 370e-6;
  /** Fitted eager launch time of one all-reduce. */
  public static final double LAUNCH_SECONDS_PER_COLLECTIVE = 55e-6;
  /** Fitted slowdown of decode attention in vLLM's engine against the calibrated kernel model. */
  public static final double DECODE_ATTENTION_SLOWDOWN = 1.0;
  /** vLLM's default largest captured batch: {@code max_num_batched_tokens} capped at 512. */
  public static final int GRAPH_MAX_TOKENS = 512;

  /** The engine's overhead in a named mode: what vLLM runs by default ({@code cuda_graphs}) or eager. */
  public static EngineOverhead of(String mode) {
    return switch (mode) {
      case CUDA_GRAPHS -> new EngineOverhead(CUDA_GRAPHS, HOST_SECONDS_PER_STEP, HOST_SECONDS_PER_SEQUENCE,
          LAUNCH_SECONDS_PER_LAYER, LAUNCH_SECONDS_PER_COLLECTIVE, DECODE_ATTENTION_SLOWDOWN, GRAPH_MAX_TOKENS);
      case EAGER -> new EngineOverhead(EAGER, HOST_SECONDS_PER_STEP, HOST_SECONDS_PER_SEQUENCE,
          LAUNCH_SECONDS_PER_LAYER, LAUNCH_SECONDS_PER_COLLECTIVE, DECODE_ATTENTION_SLOWDOWN, 0);
      case NONE -> new EngineOverhead(NONE, 0, 0, 0, 0, 1.0, Integer.MAX_VALUE);
      default -> throw new SimulationInputException(
          "unknown execution_mode '" + mode + "'; allowed: " + String.join(", ", MODES));
    };
  }

  /**
   * The same engine as one of {@code engines} data-parallel engines behind one front end, as vLLM runs
   * {@code data_parallel_size} engines under one API process: the per-sequence work (turning each row's
   * new token into an output: detokenising, building and sending the request's output) is done in that
   * one process for every engine, so with the group busy an engine's step carries the per-sequence work
   * of all of them, about {@code engines} times its own rows. Not fitted: the per-sequence constant is
   * the one fitted on single-engine runs, and the data-parallel runs of the fidelity set, held out of
   * that fit, judge the hypothesis (the site's fidelity page).
   */
  public EngineOverhead sharedByEngines(int engines) {
    if (engines < 1) {
      throw new SimulationInputException("data-parallel engines per front end must be >= 1, got " + engines);
    }
    return new EngineOverhead(mode, hostSecondsPerStep, hostSecondsPerSequence * engines,
        launchSecondsPerLayer, launchSecondsPerCollective, decodeAttentionSlowdown, graphMaxTokens);
  }

  /** The same engine in eager mode with other constants (for fitting them). */
  public static EngineOverhead eager(double hostPerStep, double hostPerSequence, double launchPerLayer,
      double launchPerCollective, double decodeAttentionSlowdown) {
    return new EngineOverhead(EAGER, hostPerStep, hostPerSequence, launchPerLayer, launchPerCollective,
        decodeAttentionSlowdown, 0);
  }

  /** Eager launch time of one pipeline stage of {@code layers} layers at tensor parallelism {@code tp}. */
  double launchSeconds(int layers, int tp) {
    double collectives = tp > 1 ? 2.0 * launchSecondsPerCollective : 0.0;
    return layers * (launchSecondsPerLayer + collectives);
  }
}
