package dev.capacity.plugin.study;

import java.util.List;

/** One {@code models[]} item; {@code identifier} is the Hugging Face style model name. */
public record ModelSpec(String name, String identifier, List<Integer> excludeTpDims, Location at) {
  public ModelSpec {
    excludeTpDims = List.copyOf(excludeTpDims);
  }

  public String key() {
    return name;
  }
}
