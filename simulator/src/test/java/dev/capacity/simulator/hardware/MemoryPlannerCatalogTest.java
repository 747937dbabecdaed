package dev.capacity.simulator.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * KV blocks of the catalogue's newer devices and models, worked by hand with vLLM's formula (V1
 * {@code Worker.determine_available_memory}: total x gpu_memory_utilization - weights - activation peak;
 * per block and layer {@code 2 x block_size x max(1, kv_heads / tp) x head_dim x dtype bytes}). Every
 * case: gpu_memory_utilization 0.9, block 16, activation peak and non-torch memory 0, memory = the
 * catalogue's GiB x 2^30, weights = every parameter from the model's config.json (attention, MLP or all
 * experts plus the gate, input embedding and untied LM head; norms and biases left out, under 0.01 %)
 * divided by TP, at 2 bytes (1 for fp8). The hand arithmetic, per case:
 */
class MemoryPlannerCatalogTest {
  private static final double GIB = 1024.0 * 1024 * 1024;

  private static int vllm(String model, String device, int tp) {
    return MemoryPlanner.kvBlocksAsVllm(Catalog.model(model), Catalog.device(device), tp, 1, 0.9, 16, 0);
  }

  @Test
  void llama31_70bOnH200AndB200() {
    // layer = q 8192x8192 + k,v 2 x 8192x1024 + o 8192x8192 + MLP 3 x 8192x28672 = 855,638,016;
    // x 80 = 68,451,041,280 + embedding and LM head 2 x 128,256 x 8192 = 2,101,346,304: 70,552,387,584.
    // H200 TP4: 141 x 0.9 GiB = 136,258,876,211 B - 70,552,387,584 x 2 / 4 = 100,982,682,419 B; a block
    // of 80 layers = 2 x 16 x 2 heads x 128 x 2 B x 80 = 1,310,720 B: 77,043 blocks (vLLM's ceil of the
    // budget: 77,042).
    assertThat(vllm("meta-llama/Llama-3.1-70B", "h200", 4)).isBetween(77_042, 77_043);
    // TP8: one KV head per GPU, block 655,360 B; weights 17,638,096,896 B: 180,999 blocks.
    assertThat(vllm("meta-llama/Llama-3.1-70B", "h200", 8)).isBetween(180_998, 181_000);
    // B200 (180 GiB) TP4: 173,946,175,488 - 35,276,193,792 = 138,669,981,696 B / 1,310,720: 105,796.
    assertThat(vllm("meta-llama/Llama-3.1-70B", "b200", 4)).isBetween(105_795, 105_797);
  }

  @Test
  void denseModelsOnL40sAndMi300x() {
    // Llama-3.1-8B: 8,030,261,248 parameters; L40S 48 GiB x 0.9 = 46,385,646,797 - 16,060,522,496
    // = 30,325,124,301 B; block of 32 layers 2 x 16 x 8 x 128 x 2 x 32 = 2,097,152 B: 14,460.
    assertThat(vllm("meta-llama/Llama-3.1-8B", "l40s", 1)).isBetween(14_459, 14_461);
    // Qwen2.5-72B: 72,706,203,648 parameters (no QKV bias counted); MI300X TP2: 192 GiB x 0.9
    // = 185,542,587,187 - 72,706,203,648 = 112,836,383,539 B / (2 x 16 x 4 x 128 x 2 x 80): 43,044.
    assertThat(vllm("Qwen/Qwen2.5-72B", "mi300x", 2)).isBetween(43_043, 43_045);
  }

  @Test
  void mixtureOfExpertsKeepsEveryExpertInMemory() {
    // Mixtral-8x7B: layer = attention 41,943,040 + 8 experts x 3 x 4096 x 14336 + gate 4096 x 8
    // = 1,451,261,952; x 32 + 2 x 32,000 x 4096 = 46,702,792,704 parameters; H200 TP2 budget
    // 136,258,876,211 - 46,702,792,704 = 89,556,083,507 B / (2 x 16 x 4 x 128 x 2 x 32 = 1,048,576): 85,407.
    assertThat(vllm("mistralai/Mixtral-8x7B-v0.1", "h200", 2)).isBetween(85_405, 85_407);
    // Qwen3-30B-A3B: layer = q 2048 x 4096 + k,v 2 x 2048 x 512 + o 4096 x 2048 (head_dim 128, not
    // 2048 / 32) + 128 experts x 3 x 2048 x 768 + gate 2048 x 128 = 623,116,288; x 48 + 2 x 151,936 x 2048
    // = 30,531,911,680 parameters; H100 80 GiB x 0.9 = 77,309,411,328 - 61,063,823,360 = 16,245,587,968 B
    // / (2 x 16 x 4 x 128 x 2 x 48 = 1,572,864): 10,328.
    assertThat(vllm("Qwen/Qwen3-30B-A3B", "h100", 1)).isBetween(10_327, 10_329);
  }

  @Test
  void fp8WeightsHalveTheWeightsNotTheCache() {
    // Llama-3.1-405B fp8 on B200 TP8: layer 3,187,671,040 (q,o 2 x 16384^2, k,v 2 x 16384 x 1024, MLP
    // 3 x 16384 x 53248); x 126 + 2 x 128,256 x 16384 = 405,849,112,576 parameters at 1 byte / 8 =
    // 50,731,139,072 B; 180 GiB x 0.9 = 173,946,175,488 B; 123,215,036,416 / (2 x 16 x 1 x 128 x 2 x 126
    // = 1,032,192): 119,372.
    ModelSpec fp8 = Catalog.model("meta-llama/Llama-3.1-405B").withPrecision(Dtype.FP8, Dtype.BF16);
    assertThat(MemoryPlanner.kvBlocksAsVllm(fp8, Catalog.device("b200"), 8, 1, 0.9, 16, 0))
        .isBetween(119_371, 119_373);
    // an fp8 KV cache holds twice the tokens in the same bytes
    ModelSpec fp8Kv = fp8.withPrecision(Dtype.FP8, Dtype.FP8);
    assertThat(MemoryPlanner.kvBlocksAsVllm(fp8Kv, Catalog.device("b200"), 8, 1, 0.9, 16, 0))
        .isBetween(2 * 119_372 - 1, 2 * 119_372 + 1);
  }

  @Test
  void vidurPlannerLeavesOutOnlyTheEmbeddings() {
    // The default planner (Vidur's) does not count the embedding and LM head: for Llama-3.1-70B at TP4
    // that is 1,050,673,152 B more for the cache, 801 blocks of 1,310,720 B.
    ModelSpec m = Catalog.model("meta-llama/Llama-3.1-70B");
    int vidur = MemoryPlanner.kvBlocks(m, Catalog.device("h200"), 4, 1, 0.1, 16);
    assertThat(vidur - vllm("meta-llama/Llama-3.1-70B", "h200", 4)).isBetween(800, 802);
  }
}
