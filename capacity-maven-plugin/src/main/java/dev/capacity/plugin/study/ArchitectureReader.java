package dev.capacity.plugin.study;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capacity.simulator.SimulationInputException;
import dev.capacity.simulator.hardware.Dtype;
import dev.capacity.simulator.hardware.ModelSpec;
import dev.capacity.simulator.hardware.MoeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A model's architecture defined by the study: inline keys of a {@code models[]} item, or a Hugging Face
 * {@code config.json} it names with {@code config:}. The keys are config.json's, so a model's card can be
 * copied as it is; a config.json's other keys are ignored, an inline item's are rejected by the reader.
 * Every problem is located at the YAML key (inline) or at {@code config:} naming the JSON file and key.
 */
final class ArchitectureReader {
  /** Inline architecture keys of a {@code models[]} item, in config.json's names. */
  static final List<String> KEYS = List.of("num_hidden_layers", "hidden_size", "num_attention_heads",
      "num_key_value_heads", "head_dim", "intermediate_size", "vocab_size", "tie_word_embeddings",
      "max_position_embeddings", "num_experts", "num_local_experts", "num_experts_per_tok",
      "moe_intermediate_size", "shared_experts", "shared_expert_intermediate_size", "load_imbalance");

  /** Keys only a mixture of experts takes. */
  private static final List<String> MOE_KEYS = List.of("num_experts_per_tok", "moe_intermediate_size",
      "shared_experts", "shared_expert_intermediate_size", "load_imbalance");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the values come from: typed access that reports a located problem and returns null. */
  private interface Values {
    boolean has(String key);

    Integer integer(String key, int min);

    Double number(String key, double min);

    Boolean bool(String key);

    /** Reports a problem about the whole definition (a missing key, a bad combination). */
    void problem(String message);

    /** Inline keys are checked strictly; a config.json carries keys of other libraries too. */
    boolean inline();
  }

  private final NodeReader r;

  ArchitectureReader(NodeReader r) {
    this.r = r;
  }

  /** From inline keys of {@code f}; null after a reported problem. */
  ModelSpec inline(String identifier, NodeReader.Fields f) {
    return build(identifier, new Values() {
      @Override
      public boolean has(String key) {
        return f.has(key);
      }

      @Override
      public Integer integer(String key, int min) {
        return r.integer(f.get(key), f.path(key), min);
      }

      @Override
      public Double number(String key, double min) {
        YamlNumber n = r.number(f.get(key), f.path(key), false);
        if (n != null && n.value() < min) {
          r.problem(f.get(key), f.path(key) + ": must be at least " + min + ", found " + n.text());
          return null;
        }
        return n == null ? null : n.value();
      }

      @Override
      public Boolean bool(String key) {
        return r.bool(f.get(key), f.path(key));
      }

      @Override
      public void problem(String message) {
        r.problem(f.node(), f.where() + ": " + message);
      }

      @Override
      public boolean inline() {
        return true;
      }
    });
  }

  /**
   * From the config.json at {@code file} (resolved), named by the YAML value {@code at}; null after a
   * reported problem (a missing or unreadable file, a missing or mistyped key).
   */
  ModelSpec configJson(String identifier, Path file, Node at, String where) {
    JsonNode root;
    if (!Files.isRegularFile(file)) {
      r.problem(at, where + ": config file not found: " + file + " (resolved against the study's"
          + " directory)");
      return null;
    }
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      r.problem(at, where + ": " + file + (l == null ? "" : ":" + l.getLineNr() + ":" + l.getColumnNr())
          + ": not valid JSON: " + e.getOriginalMessage());
      return null;
    } catch (IOException e) {
      r.problem(at, where + ": cannot read " + file + ": " + e.getMessage());
      return null;
    }
    if (root == null || !root.isObject()) {
      r.problem(at, where + ": " + file + ": expected a JSON object of Hugging Face config keys"
          + " (num_hidden_layers, hidden_size, ...)");
      return null;
    }
    return build(identifier, new Values() {
      private JsonNode value(String key) {
        JsonNode v = root.get(key);
        return v == null || v.isNull() ? null : v;
      }

      @Override
      public boolean has(String key) {
        JsonNode v = value(key);
        // "num_experts": 0 is how some dense configs say "no experts"
        return v != null && !(key.startsWith("num_") && key.contains("experts") && v.isNumber()
            && v.asDouble() == 0);
      }

      @Override
      public Integer integer(String key, int min) {
        JsonNode v = value(key);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min) {
          problem(file, key, "must be an integer >= " + min + ", found " + v);
          return null;
        }
        return v.intValue();
      }

      @Override
      public Double number(String key, double min) {
        JsonNode v = value(key);
        if (!v.isNumber() || !Double.isFinite(v.doubleValue()) || v.doubleValue() < min) {
          problem(file, key, "must be a number >= " + min + ", found " + v);
          return null;
        }
        return v.doubleValue();
      }

      @Override
      public Boolean bool(String key) {
        JsonNode v = value(key);
        if (!v.isBoolean()) {
          problem(file, key, "must be true or false, found " + v);
          return null;
        }
        return v.booleanValue();
      }

      @Override
      public void problem(String message) {
        r.problem(at, where + ": " + file + ": " + message);
      }

      private void problem(Path file, String key, String message) {
        r.problem(at, where + ": " + file + ": '" + key + "' " + message);
      }

      @Override
      public boolean inline() {
        return false;
      }
    });
  }

  private ModelSpec build(String identifier, Values v) {
    List<String> missing = new ArrayList<>();
    Integer layers = required(v, "num_hidden_layers", missing);
    Integer hidden = required(v, "hidden_size", missing);
    Integer heads = required(v, "num_attention_heads", missing);
    Integer vocab = required(v, "vocab_size", missing);
    Integer maxLen = required(v, "max_position_embeddings", missing);
    Integer kvHeads = v.has("num_key_value_heads") ? v.integer("num_key_value_heads", 1) : heads;
    Integer headDim = v.has("head_dim") ? v.integer("head_dim", 1)
        : hidden == null || heads == null ? null : hidden / heads;
    Boolean tied = v.has("tie_word_embeddings") ? v.bool("tie_word_embeddings") : Boolean.FALSE;
    boolean problems = false;
    if (v.has("num_experts") && v.has("num_local_experts")) {
      v.problem("give the number of experts once: num_experts (Qwen) or num_local_experts (Mixtral),"
          + " not both");
      problems = true;
    }
    String expertsKey = v.has("num_experts") ? "num_experts" : "num_local_experts";
    MoeSpec moe = null;
    Integer intermediate = null;
    if (v.has(expertsKey)) {
      Integer experts = v.integer(expertsKey, 1);
      Integer perToken = required(v, "num_experts_per_tok", missing);
      // Mixtral's config has no moe_intermediate_size: its intermediate_size is each expert's width
      String widthKey = v.has("moe_intermediate_size") ? "moe_intermediate_size" : "intermediate_size";
      Integer width = null;
      if (v.has(widthKey)) {
        width = v.integer(widthKey, 1);
      } else {
        missing.add("moe_intermediate_size (or intermediate_size, Mixtral's expert width)");
      }
      Integer shared = v.has("shared_experts") ? v.integer("shared_experts", 0) : null;
      Integer sharedWidth = v.has("shared_expert_intermediate_size")
          ? v.integer("shared_expert_intermediate_size", 1) : null;
      Double imbalance = v.has("load_imbalance") ? v.number("load_imbalance", 1.0) : Double.valueOf(1.0);
      if (experts == null || perToken == null || width == null || imbalance == null
          || (v.has("shared_experts") && shared == null)
          || (v.has("shared_expert_intermediate_size") && sharedWidth == null)) {
        problems = true;
      } else {
        // one shared expert when only its width is given (Qwen2-MoE); a count without a width shares
        // the routed experts' width (DeepSeek)
        int sharedCount = shared != null ? shared : sharedWidth != null ? 1 : 0;
        int sharedHidden = sharedCount == 0 ? 0 : sharedWidth != null ? sharedWidth : width;
        try {
          moe = new MoeSpec(experts, perToken, width, sharedCount, sharedHidden, imbalance, false);
        } catch (SimulationInputException e) {
          v.problem(e.getMessage());
          problems = true;
        }
      }
      intermediate = 0; // every feed-forward layer is the experts
    } else {
      intermediate = required(v, "intermediate_size", missing);
      if (v.inline()) {
        List<String> stray = MOE_KEYS.stream().filter(v::has).toList();
        if (!stray.isEmpty()) {
          v.problem(String.join(", ", stray) + " only apply to a mixture of experts; add num_experts"
              + " (or num_local_experts) or remove them");
          problems = true;
        }
      }
    }
    if (!missing.isEmpty()) {
      v.problem("the architecture of '" + identifier + "' lacks " + String.join(", ", missing)
          + (v.inline() ? "" : " (config.json keys)"));
      return null;
    }
    if (problems || layers == null || hidden == null || heads == null || vocab == null
        || maxLen == null || kvHeads == null || headDim == null || tied == null
        || intermediate == null) {
      return null;
    }
    try {
      return new ModelSpec(identifier, layers, hidden, heads, kvHeads, headDim, intermediate, vocab,
          true, true, maxLen, tied, moe, Dtype.BF16, Dtype.BF16);
    } catch (SimulationInputException e) {
      v.problem(e.getMessage());
      return null;
    }
  }

  private static Integer required(Values v, String key, List<String> missing) {
    if (!v.has(key)) {
      missing.add(key);
      return null;
    }
    return v.integer(key, 1);
  }
}
