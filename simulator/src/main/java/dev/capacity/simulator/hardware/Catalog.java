package dev.capacity.simulator.hardware;

import dev.capacity.simulator.SimulationInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models, devices and nodes the simulator knows. Every model with a bundled profile is here. Lookups
 * of unknown names fail with a message listing what is allowed, so a typo in a study is fixed at once.
 */
public final class Catalog {
  // Vidur's three devices (design §4): memory as Vidur's total_memory_gb; dense bf16 and fp8 peaks and HBM
  // bandwidth from NVIDIA's datasheets (A100 80GB SXM: 312 TFLOPS bf16, 2,039 GB/s, no fp8; H100 SXM:
  // 989 bf16, 1,979 fp8, 3,350 GB/s; A40: 149.7 bf16, 696 GB/s, no fp8).
  public static final DeviceSpec A100 = new DeviceSpec("a100", 80, 312, 2039, 0);
  public static final DeviceSpec H100 = new DeviceSpec("h100", 80, 989, 3350, 1979);
  // Vidur's a40 total_memory_gb is 45 (the card has 48 GB; Vidur keeps headroom), and we follow Vidur.
  public static final DeviceSpec A40 = new DeviceSpec("a40", 45, 150, 696, 0);

  /**
   * A100-SXM4-40GB, the GPU of AWS p4d.24xlarge and DGX A100 40GB. Numbers from NVIDIA's A100 datasheet
   * (nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf, column "A100 40GB SXM"). It has no profiles of
   * its own: it reads {@code a100}'s compute profiles, because it is the same GA100 chip at the same SM
   * count and clocks (same 312 TFLOP/s), so compute-bound linear operators take the same time. What that
   * ignores: its HBM2 runs at 1,555 GB/s against 2,039 GB/s, so memory-bound linear operators (decode at
   * small batches, reading the weights once per step) are up to 2,039 / 1,555 = 1.31x slower on the real
   * part than the profile says. The analytic attention model and the roofline do use the 1,555 GB/s below.
   */
  public static final DeviceSpec A100_40GB =
      new DeviceSpec(
          "a100_40gb",
          40, // datasheet: "GPU Memory 40GB HBM2" (CUDA reports about 39.5 GiB usable; Vidur-style GiB here)
          312, // datasheet: "BFLOAT16 Tensor Core 312 TFLOPS" (dense; 624 is with sparsity)
          1555, // datasheet: "GPU Memory Bandwidth 1,555GB/s"
          0, // Ampere has no fp8 tensor cores
          "a100");

  // Devices without profiles: timed by the roofline (timing.Roofline), whose operator efficiencies are
  // fitted on the profiled devices. Sparse datasheet figures are halved to dense.
  /** H200 SXM: NVIDIA H200 datasheet: 141 GB HBM3e, 4.8 TB/s, BF16 1,979 and FP8 3,958 TFLOPS sparse. */
  public static final DeviceSpec H200 = new DeviceSpec("h200", 141, 989, 4800, 1979);
  /** B200 (HGX B200, per GPU of eight): 180 GB HBM3e, 8 TB/s, FP16/BF16 36 and FP8 72 PFLOPS sparse per eight. */
  public static final DeviceSpec B200 = new DeviceSpec("b200", 180, 2250, 8000, 4500);
  /** L40S: NVIDIA L40S datasheet: 48 GB GDDR6, 864 GB/s, BF16 362.05 and FP8 733 TFLOPS dense. */
  public static final DeviceSpec L40S = new DeviceSpec("l40s", 48, 362, 864, 733);
  /** MI300X: AMD Instinct MI300X datasheet: 192 GB HBM3, 5.3 TB/s, BF16 1,307.4 and FP8 2,614.9 TFLOPS dense. */
  public static final DeviceSpec MI300X = new DeviceSpec("mi300x", 192, 1307.4, 5300, 2614.9);

  /** What a collective costs before its first byte where no profile says: about the smallest all-reduce
   * times of the bundled {@code h100_dgx} profile at TP 4-8 (a fit there gives 10-26 us). */
  static final double COLLECTIVE_LATENCY_US = 20;

  private static final Map<String, DeviceSpec> DEVICES = new LinkedHashMap<>();
  private static final Map<String, NodeSpec> NODES = new LinkedHashMap<>();
  private static final Map<String, ModelSpec> MODELS = new LinkedHashMap<>();
  private static final Map<String, ModelSpec> MODELS_BY_SHORT_NAME = new LinkedHashMap<>();

  static {
    for (DeviceSpec d : List.of(A100, H100, A40, A100_40GB, H200, B200, L40S, MI300X)) {
      DEVICES.put(d.name(), d);
    }
    for (NodeSpec n :
        List.of(
            // Interconnect per GPU and direction; the profiled nodes read their network profiles instead.
            // DGX A100: NVLink 3, 600 GB/s bidirectional; DGX H100: NVLink 4, 900 GB/s bidirectional.
            new NodeSpec("a100_dgx", A100, 8, 300, COLLECTIVE_LATENCY_US),
            new NodeSpec("h100_dgx", H100, 8, 450, COLLECTIVE_LATENCY_US),
            // NVLink pairs joined by PCIe (Gen4 on A100, Gen5 on H100: 32 / 64 GB/s per direction).
            new NodeSpec("a100_pairwise_nvlink", A100, 4, 32, COLLECTIVE_LATENCY_US),
            new NodeSpec("h100_pairwise_nvlink", H100, 4, 64, COLLECTIVE_LATENCY_US),
            // No all_reduce profile: 100 GB/s is the assumption the roofline made before devices had an
            // interconnect, kept so a40 results do not move; the PCIe hop between pairs is slower.
            new NodeSpec("a40_pairwise_nvlink", A40, 8, 100, COLLECTIVE_LATENCY_US),
            // 8 x A100-SXM4-40GB on NVSwitch (NVLink 3, 600 GB/s per GPU, datasheet "NVLink: 600GB/s"):
            // DGX A100 40GB, AWS p4d.24xlarge. Same interconnect as a100_dgx, so its network profiles.
            new NodeSpec("a100_40gb_dgx", A100_40GB, 8, 300, COLLECTIVE_LATENCY_US, "a100_dgx"),
            // HGX H200: NVLink 4, 900 GB/s bidirectional per GPU, 8 GPUs.
            new NodeSpec("h200_hgx", H200, 8, 450, COLLECTIVE_LATENCY_US),
            // HGX / DGX B200: NVLink 5, 1.8 TB/s bidirectional per GPU, 8 GPUs.
            new NodeSpec("b200_hgx", B200, 8, 900, COLLECTIVE_LATENCY_US),
            // L40S servers (e.g. 8-GPU PCIe systems): no NVLink, PCIe Gen4 x16 at 32 GB/s per direction.
            new NodeSpec("l40s_pcie", L40S, 8, 32, COLLECTIVE_LATENCY_US),
            // MI300X platform: 8 OAM GPUs, 7 Infinity Fabric links of 64 GB/s per direction each.
            new NodeSpec("mi300x_platform", MI300X, 8, 448, COLLECTIVE_LATENCY_US))) {
      NODES.put(n.name(), n);
    }
    // maxModelLen: Vidur's value where the spec states one (Llama-3-8B 4096, Llama-3-70B 8192), otherwise
    // the model's published context length. It is informational here: the timing tables do not depend on it.
    for (ModelSpec m :
        List.of(
            new ModelSpec("meta-llama/Meta-Llama-3-8B", 32, 4096, 32, 8, 14336, 128256, true, true, 4096),
            new ModelSpec("meta-llama/Meta-Llama-3-70B", 80, 8192, 64, 8, 28672, 128256, true, true, 8192),
            // Vidur uses vocab 32768 for the Llama-2 family (the profiles agree); HF says 32000.
            new ModelSpec("meta-llama/Llama-2-7b-hf", 32, 4096, 32, 32, 11008, 32768, true, true, 4096),
            new ModelSpec("meta-llama/Llama-2-70b-hf", 80, 8192, 64, 8, 28672, 32768, true, true, 4096),
            new ModelSpec(
                "codellama/CodeLlama-34b-Instruct-hf", 48, 8192, 64, 8, 22016, 32768, true, true, 16384),
            new ModelSpec("internlm/internlm-20b", 60, 5120, 40, 40, 13824, 103168, true, true, 4096),
            new ModelSpec("Qwen/Qwen-72B", 80, 8192, 64, 64, 24576, 152064, true, true, 32768),
            // phi-2: GELU MLP (not gated), parallel attention/MLP with a single LayerNorm: no post-attn norm.
            new ModelSpec("microsoft/phi-2", 32, 2560, 32, 32, 10240, 51200, false, false, 2048),
            // Without profiles (timed by the roofline). Each from its Hugging Face config.json:
            // num_hidden_layers, hidden_size, num_attention_heads, num_key_value_heads, head_dim,
            // intermediate_size, vocab_size, gated (SiLU) MLP, max_position_embeddings, tie_word_embeddings.
            dense("meta-llama/Llama-3.1-8B", 32, 4096, 32, 8, 128, 14336, 128256, 131072, false),
            dense("meta-llama/Llama-3.1-70B", 80, 8192, 64, 8, 128, 28672, 128256, 131072, false),
            dense("meta-llama/Llama-3.1-405B", 126, 16384, 128, 8, 128, 53248, 128256, 131072, false),
            dense("Qwen/Qwen2.5-7B", 28, 3584, 28, 4, 128, 18944, 152064, 131072, false),
            dense("Qwen/Qwen2.5-72B", 80, 8192, 64, 8, 128, 29568, 152064, 131072, false),
            dense("mistralai/Mistral-7B-v0.1", 32, 4096, 32, 8, 128, 14336, 32000, 32768, false),
            // num_local_experts 8, num_experts_per_tok 2, each expert a 14,336-wide gated MLP.
            moe("mistralai/Mixtral-8x7B-v0.1", 32, 4096, 32, 8, 128, 32000, 32768, false,
                MoeSpec.of(8, 2, 14336)),
            // Every layer MoE: num_experts 128, num_experts_per_tok 8, moe_intermediate_size 768, no shared
            // expert; attention is plain GQA (32 query heads of 128 over a 2,048 hidden, 4 KV heads).
            moe("Qwen/Qwen3-30B-A3B", 48, 2048, 32, 4, 128, 151936, 40960, false,
                MoeSpec.of(128, 8, 768)))) {
      MODELS.put(m.identifier(), m);
      MODELS_BY_SHORT_NAME.put(m.shortName(), m);
    }
  }

  private Catalog() {}

  private static ModelSpec dense(String id, int layers, int hidden, int heads, int kvHeads, int headDim,
      int intermediate, int vocab, int maxPositions, boolean tied) {
    return new ModelSpec(id, layers, hidden, heads, kvHeads, headDim, intermediate, vocab, true, true,
        maxPositions, tied, null, Dtype.BF16, Dtype.BF16);
  }

  private static ModelSpec moe(String id, int layers, int hidden, int heads, int kvHeads, int headDim,
      int vocab, int maxPositions, boolean tied, MoeSpec moe) {
    return new ModelSpec(id, layers, hidden, heads, kvHeads, headDim, 0, vocab, true, true, maxPositions,
        tied, moe, Dtype.BF16, Dtype.BF16);
  }

  /** Accepts the full identifier ({@code meta-llama/Meta-Llama-3-8B}) or the short name. */
  public static ModelSpec model(String identifierOrShortName) {
    ModelSpec m = MODELS.get(identifierOrShortName);
    if (m == null) {
      m = MODELS_BY_SHORT_NAME.get(identifierOrShortName);
    }
    if (m == null) {
      throw unknown("model", identifierOrShortName, MODELS.keySet());
    }
    return m;
  }

  public static DeviceSpec device(String name) {
    DeviceSpec d = DEVICES.get(name);
    if (d == null) {
      throw unknown("device", name, DEVICES.keySet());
    }
    return d;
  }

  public static NodeSpec node(String name) {
    NodeSpec n = NODES.get(name);
    if (n == null) {
      throw unknown("node", name, NODES.keySet());
    }
    return n;
  }

  public static List<ModelSpec> models() {
    return Collections.unmodifiableList(new ArrayList<>(MODELS.values()));
  }

  public static List<DeviceSpec> devices() {
    return Collections.unmodifiableList(new ArrayList<>(DEVICES.values()));
  }

  public static List<NodeSpec> nodes() {
    return Collections.unmodifiableList(new ArrayList<>(NODES.values()));
  }

  private static SimulationInputException unknown(String kind, String given, Iterable<String> allowed) {
    return new SimulationInputException(
        "unknown " + kind + " '" + given + "'; allowed: " + String.join(", ", allowed));
  }
}
