package dev.capacity.simulator.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.simulator.SimulationConfig;
import dev.capacity.simulator.SimulationInputException;
import org.junit.jupiter.api.Test;

/**
 * The planner's KV block count against vLLM's own formula, worked by hand for Llama-3-8B on an
 * A100-SXM4-40GB at {@code gpu_memory_utilization=0.85}, block size 16 (the fidelity data's settings).
 *
 * <p>vLLM ({@code Worker.determine_num_available_blocks}): KV bytes = total x utilisation - weights -
 * peak activation - non-torch memory (the last left aside here: CUDA context and NCCL buffers, not
 * known without the logs); blocks = KV bytes / (block_size x KV bytes per token). The planner uses the
 * same budget ({@code memory_margin_fraction = 1 - utilisation}) and the same KV bytes per token, but
 * its weights leave out the embedding, the LM head and the norms, and it subtracts no activation peak.
 *
 * <p>Common figures (Llama-3-8B: 32 layers, hidden 4096, 32 query / 8 KV heads of 128, MLP 14336,
 * vocab 128256, bf16):
 *
 * <ul>
 *   <li>budget: 40 GiB x 0.85 = 42,949,672,960 x 0.85 = 36,507,222,016 bytes (the catalog's 40, GiB as in
 *       Vidur; CUDA reports about 39.5 GiB for this card, which would cost vLLM about 1.3 % more);
 *   <li>KV per token: 2 (K, V) x 8 heads x 128 x 2 B = 4 KiB per layer, x 32 = 131,072 B (128 KiB);
 *   <li>layer weights (what the planner counts): (QKV 4096·128·48 + O 4096·128·32 + MLP 3·4096·14336)
 *       = 218,103,808 params per layer x 32 = 6,979,321,856 params = 13,958,643,712 B;
 *   <li>embedding + LM head (untied): 2 x 128,256 x 4096 = 1,050,673,152 params = 2,101,346,304 B;
 *       norms 65 x 4096 = 266,240 params = 532,480 B; whole model 8,030,261,248 params =
 *       16,060,522,496 B (vLLM logs "model weights took 14.96 GiB");
 *   <li>activation peak: vLLM's profile run is one forward of max_num_batched_tokens = 512 tokens plus a
 *       sampler run over max_num_seqs = 512 rows of fp32 logits; the logits alone are 512 x 128,256 x
 *       4 B = 262,668,288 B, which this test takes as the peak (an estimate, a lower bound: the
 *       sampler's temporaries come on top; a 512-token forward's own activations are a few tens of MB).
 * </ul>
 */
class MemoryPlannerVllmTest {
  private static final ModelSpec LLAMA3_8B = Catalog.model("meta-llama/Meta-Llama-3-8B");
  private static final DeviceSpec GPU = Catalog.device("a100_40gb");
  private static final double UTILISATION = 0.85;
  private static final int BLOCK = 16;

  private static final long BUDGET = 36_507_222_016L;
  private static final long LAYER_WEIGHTS = 13_958_643_712L;
  private static final long EMBEDDING_AND_HEAD = 2_101_346_304L;
  private static final long NORMS = 532_480L;
  private static final long ACTIVATION_PEAK = 262_668_288L;

  /** vLLM's formula: floor((budget - weights - activation) / (block x KV bytes per token)). */
  private static long vllmBlocks(long weightsPerGpu, long kvBytesPerToken) {
    return (BUDGET - weightsPerGpu - ACTIVATION_PEAK) / (BLOCK * kvBytesPerToken);
  }

  @Test
  void budget_and_weights_as_worked_by_hand() {
    assertThat((long) (40 * 1024.0 * 1024 * 1024 * UTILISATION)).isEqualTo(BUDGET);
    assertThat(2L * 32 * LLAMA3_8B.paramsPerLayerPerDevice(1)).isEqualTo(LAYER_WEIGHTS);
    assertThat(LAYER_WEIGHTS + EMBEDDING_AND_HEAD + NORMS).isEqualTo(16_060_522_496L);
  }

  @Test
  void tp1_planner_10752_blocks_vllm_9624() {
    // planner: (36,507,222,016 - 13,958,643,712) / 131,072 = 22,548,578,304 / 131,072 = 172,032 tokens
    //          / 16 = 10,752 blocks
    int planner = MemoryPlanner.kvBlocks(LLAMA3_8B, GPU, 1, 1, 1 - UTILISATION, BLOCK);
    assertThat(planner).isEqualTo(10_752);
    // vLLM: 36,507,222,016 - 16,060,522,496 - 262,668,288 = 20,184,031,232 B
    //       / (16 x 131,072 = 2,097,152) = 9,624.4 -> 9,624 blocks (153,984 tokens)
    long vllm = vllmBlocks(16_060_522_496L, 131_072L);
    assertThat(vllm).isEqualTo(9_624);
    // the planner's 1,128 extra blocks (11.7 %) are exactly what it leaves out:
    // (2,101,346,304 + 532,480 + 262,668,288) B = 2,364,547,072 B / 2,097,152 = 1,127.5 blocks
    assertThat(planner - vllm).isEqualTo(1_128);
    assertThat((double) (EMBEDDING_AND_HEAD + NORMS + ACTIVATION_PEAK) / (BLOCK * 131_072L))
        .isBetween(1_127.0, 1_129.0);
  }

  @Test
  void tp2_planner_28160_blocks_vllm_26906() {
    // per GPU: 16 query and 4 KV heads; KV per token 2 x 4 x 128 x 2 B x 32 = 65,536 B
    // planner weights: (4096·128·24 + 4096·128·16 + 3·4096·14336/2) = 109,051,904 x 32 x 2 B
    //                  = 6,979,321,856 B
    // planner: (36,507,222,016 - 6,979,321,856) / 65,536 = 450,560 tokens / 16 = 28,160 blocks
    int planner = MemoryPlanner.kvBlocks(LLAMA3_8B, GPU, 2, 1, 1 - UTILISATION, BLOCK);
    assertThat(planner).isEqualTo(28_160);
    // vLLM shards embedding and LM head by vocabulary too, replicates the norms:
    // (16,060,522,496 - 532,480) / 2 + 532,480 = 8,030,527,488 B per GPU; the logits are gathered whole
    // on the driver rank, same 262,668,288 B peak:
    // 36,507,222,016 - 8,030,527,488 - 262,668,288 = 28,214,026,240 B / (16 x 65,536) = 26,906.7 -> 26,906
    long weightsPerGpu = (16_060_522_496L - NORMS) / 2 + NORMS;
    assertThat(weightsPerGpu).isEqualTo(8_030_527_488L);
    long vllm = vllmBlocks(weightsPerGpu, 65_536L);
    assertThat(vllm).isEqualTo(26_906);
    // 1,254 extra blocks (4.7 %): the halved embedding and head, the norms and the activation peak,
    // (1,050,673,152 + 532,480 + 262,668,288) / 1,048,576 = 1,253.0, plus vLLM's rounding down of 26,906.7
    assertThat(planner - vllm).isEqualTo(1_254);
    assertThat((double) (EMBEDDING_AND_HEAD / 2 + NORMS + ACTIVATION_PEAK) / (BLOCK * 65_536L))
        .isBetween(1_253.0, 1_254.0);
  }

  @Test
  void gpu_memory_utilization_is_one_minus_the_margin() {
    assertThat(MemoryPlanner.marginForUtilization(0.85)).isEqualTo(1 - 0.85);
    SimulationConfig c =
        SimulationConfig.builder()
            .model("meta-llama/Meta-Llama-3-8B")
            .device("a100_40gb")
            .networkDevice("a100_40gb_dgx")
            .gpuMemoryUtilization(0.85)
            .build();
    assertThat(c.memoryMarginFraction()).isEqualTo(1 - 0.85);
    assertThatThrownBy(() -> MemoryPlanner.marginForUtilization(0))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("0 < gpu_memory_utilization <= 1");
    assertThatThrownBy(() -> MemoryPlanner.marginForUtilization(1.2))
        .isInstanceOf(SimulationInputException.class);
  }
}
