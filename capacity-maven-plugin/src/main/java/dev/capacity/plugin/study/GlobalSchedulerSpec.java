package dev.capacity.plugin.study;

import java.util.Optional;
import java.util.OptionalInt;

/** One {@code global_schedulers[]} item: a router and its parameters. */
public record GlobalSchedulerSpec(String scheduler, OptionalInt topK,
    Optional<YamlNumber> toleranceFactor, Location at) {

  public static final String TOLERANT = "tolerant_sticky_lop_uncached";
  public static final String RANKED = "ranked_sticky_lop_uncached";

  /** Name, then {@code _topk<k>}, then {@code _<tolerance>x}, numbers as Python prints them. */
  public String key() {
    StringBuilder key = new StringBuilder(scheduler);
    topK.ifPresent(k -> key.append("_topk").append(k));
    toleranceFactor.ifPresent(t -> key.append('_').append(t.pythonStr()).append('x'));
    return key.toString();
  }
}
