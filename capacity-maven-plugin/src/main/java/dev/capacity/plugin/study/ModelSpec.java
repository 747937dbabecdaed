package dev.capacity.plugin.study;

import java.util.List;

/**
 * One {@code models[]} item; {@code identifier} is the Hugging Face style model name.
 *
 * @param identifierAt where its {@code identifier:} value is, for an identifier the simulator lacks
 * @param architecture the model's shape when the study defines it (inline keys or {@code config:}), or
 *     null to take the catalog's
 * @param weightDtype {@code bf16}, {@code fp16} or {@code fp8}; null for the model's own (bf16)
 * @param kvCacheDtype likewise for the KV cache
 */
public record ModelSpec(String name, String identifier, List<Integer> excludeTpDims, Location at,
    Location identifierAt, dev.capacity.simulator.hardware.ModelSpec architecture,
    String weightDtype, String kvCacheDtype) {
  public ModelSpec {
    excludeTpDims = List.copyOf(excludeTpDims);
  }

  /** A catalog model at its own precision. */
  public ModelSpec(String name, String identifier, List<Integer> excludeTpDims, Location at,
      Location identifierAt) {
    this(name, identifier, excludeTpDims, at, identifierAt, null, null, null);
  }

  public String key() {
    return name;
  }
}
