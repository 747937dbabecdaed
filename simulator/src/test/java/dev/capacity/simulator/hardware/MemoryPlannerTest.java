package dev.capacity.simulator.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.capacity.simulator.SimulationInputException;
import org.junit.jupiter.api.Test;

class MemoryPlannerTest {
  // available = 80 GiB × 0.9 = 80 × 1,073,741,824 × 0.9 = 77,309,411,328 bytes for a100 and h100.

  @Test
  void llama3_8b_on_h100_tp1() {
    // per layer: QKV 4096·128·(32 + 2·8) = 25,165,824; O 4096·128·32 = 16,777,216;
    // MLP 3·4096·14336 = 176,160,768; sum 218,103,808 × 32 layers = 6,979,321,856 params
    // weights 2 B × params = 13,958,643,712; left 77,309,411,328 − 13,958,643,712 = 63,350,767,616
    // KV per token 2 B × 2 × 128 × 8 × 32 = 131,072; 63,350,767,616 / 131,072 = 483,328 tokens
    // 483,328 / 16 = 30,208 blocks
    ModelSpec m = Catalog.model("meta-llama/Meta-Llama-3-8B");
    assertThat(m.paramsPerLayerPerDevice(1) * 32).isEqualTo(6_979_321_856L);
    assertThat(MemoryPlanner.kvBlocks(m, Catalog.H100, 1, 1, 0.1, 16)).isEqualTo(30_208);
  }

  @Test
  void llama3_70b_on_h100_tp4() {
    // per layer: QKV 8192·128·(64/4 + 2·⌈8/4⌉) = 8192·128·20 = 20,971,520; O 8192·128·16 = 16,777,216;
    // MLP 3·8192·28672/4 = 176,160,768; sum 213,909,504 × 80 = 17,112,760,320 params
    // weights 34,225,520,640; left 77,309,411,328 − 34,225,520,640 = 43,083,890,688
    // KV per token 2 × 2 × 128 × 2 × 80 = 81,920; 43,083,890,688 / 81,920 = 525,926.4 → 525,926
    // 525,926 / 16 = 32,870.4 → 32,870 blocks
    ModelSpec m = Catalog.model("Meta-Llama-3-70B");
    assertThat(m.paramsPerLayerPerDevice(4) * 80).isEqualTo(17_112_760_320L);
    assertThat(MemoryPlanner.kvBlocks(m, Catalog.H100, 4, 1, 0.1, 16)).isEqualTo(32_870);
  }

  @Test
  void llama2_7b_on_a100_tp1() {
    // per layer: QKV 4096·128·(32 + 64) = 50,331,648; O 16,777,216; MLP 3·4096·11008 = 135,266,304;
    // sum 202,375,168 × 32 = 6,476,005,376 params; weights 12,952,010,752
    // left 77,309,411,328 − 12,952,010,752 = 64,357,400,576
    // KV per token 2 × 2 × 128 × 32 × 32 = 524,288; 64,357,400,576 / 524,288 = 122,752.7 → 122,752
    // 122,752 / 16 = 7,672 blocks
    ModelSpec m = Catalog.model("meta-llama/Llama-2-7b-hf");
    assertThat(m.paramsPerLayerPerDevice(1) * 32).isEqualTo(6_476_005_376L);
    assertThat(MemoryPlanner.kvBlocks(m, Catalog.A100, 1, 1, 0.1, 16)).isEqualTo(7_672);
  }

  @Test
  void modelThatDoesNotFitIsRejected() {
    // 70B at TP1 on an a40: 140 GB of weights in 40.5 GiB
    assertThatThrownBy(
            () -> MemoryPlanner.kvBlocks(Catalog.model("Meta-Llama-3-70B"), Catalog.A40, 1, 1, 0.1, 16))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("does not fit on a40");
  }

  @Test
  void tensorParallelLargerThanNodeIsRejected() {
    assertThatThrownBy(() -> MemoryPlanner.checkParallelism(Catalog.node("h100_pairwise_nvlink"), 8, 1))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("tensor_parallel_size=8")
        .hasMessageContaining("h100_pairwise_nvlink")
        .hasMessageContaining("allowed: tensor_parallel_size <= 4");
  }

  @Test
  void layoutThatIsNeitherPartOfANodeNorWholeNodesIsRejected() {
    NodeSpec dgx = Catalog.node("h100_dgx");
    assertThatCode(() -> MemoryPlanner.checkParallelism(dgx, 2, 2)).doesNotThrowAnyException();
    assertThatCode(() -> MemoryPlanner.checkParallelism(dgx, 4, 4)).doesNotThrowAnyException();
    assertThatThrownBy(() -> MemoryPlanner.checkParallelism(dgx, 4, 3))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("=12")
        .hasMessageContaining("a multiple of 8");
  }

  @Test
  void tensorParallelMustDivideHeads() {
    assertThatThrownBy(
            () ->
                MemoryPlanner.checkParallelism(
                    Catalog.model("Meta-Llama-3-8B"), Catalog.node("a100_dgx"), 3, 1))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("tensor_parallel_size=3 does not divide the 32 attention heads");
  }
}
