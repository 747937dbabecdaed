package dev.capacity.plugin.study;

import java.util.List;

/**
 * One {@code models[]} item; {@code identifier} is the Hugging Face style model name.
 *
 * @param identifierAt where its {@code identifier:} value is, for an identifier the simulator lacks
 */
public record ModelSpec(String name, String identifier, List<Integer> excludeTpDims, Location at,
    Location identifierAt) {
  public ModelSpec {
    excludeTpDims = List.copyOf(excludeTpDims);
  }

  public String key() {
    return name;
  }
}
