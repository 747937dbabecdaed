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
  public static final DeviceSpec A100 = new DeviceSpec("a100", 80, 312, 2039);
  public static final DeviceSpec H100 = new DeviceSpec("h100", 80, 989, 3350);
  // Vidur's a40 total_memory_gb is 45 (the card has 48 GB; Vidur keeps headroom), and we follow Vidur.
  public static final DeviceSpec A40 = new DeviceSpec("a40", 45, 150, 696);

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
          "a100");

  private static final Map<String, DeviceSpec> DEVICES = new LinkedHashMap<>();
  private static final Map<String, NodeSpec> NODES = new LinkedHashMap<>();
  private static final Map<String, ModelSpec> MODELS = new LinkedHashMap<>();
  private static final Map<String, ModelSpec> MODELS_BY_SHORT_NAME = new LinkedHashMap<>();

  static {
    for (DeviceSpec d : List.of(A100, H100, A40, A100_40GB)) {
      DEVICES.put(d.name(), d);
    }
    for (NodeSpec n :
        List.of(
            new NodeSpec("a100_dgx", A100, 8),
            new NodeSpec("h100_dgx", H100, 8),
            new NodeSpec("a100_pairwise_nvlink", A100, 4),
            new NodeSpec("h100_pairwise_nvlink", H100, 4),
            new NodeSpec("a40_pairwise_nvlink", A40, 8),
            // 8 x A100-SXM4-40GB on NVSwitch (NVLink 3, 600 GB/s per GPU, datasheet "NVLink: 600GB/s"):
            // DGX A100 40GB, AWS p4d.24xlarge. Same interconnect as a100_dgx, so its network profiles.
            new NodeSpec("a100_40gb_dgx", A100_40GB, 8, "a100_dgx"))) {
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
            new ModelSpec("microsoft/phi-2", 32, 2560, 32, 32, 10240, 51200, false, false, 2048))) {
      MODELS.put(m.identifier(), m);
      MODELS_BY_SHORT_NAME.put(m.shortName(), m);
    }
  }

  private Catalog() {}

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

  public static List<NodeSpec> nodes() {
    return Collections.unmodifiableList(new ArrayList<>(NODES.values()));
  }

  private static SimulationInputException unknown(String kind, String given, Iterable<String> allowed) {
    return new SimulationInputException(
        "unknown " + kind + " '" + given + "'; allowed: " + String.join(", ", allowed));
  }
}
