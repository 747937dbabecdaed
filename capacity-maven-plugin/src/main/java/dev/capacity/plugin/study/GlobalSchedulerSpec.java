package dev.capacity.plugin.study;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One router of the study: a {@code global_schedulers[]} item, or one weighting of a {@code scorer}
 * item with {@code weightings} (each weighting is a router of its own in the job grid).
 *
 * @param scorer the filters, scorers and picker of a {@code scorer} router; empty for the others
 */
public record GlobalSchedulerSpec(String scheduler, OptionalInt topK,
    Optional<YamlNumber> toleranceFactor, Location at, Optional<ScorerSpec> scorer) {

  public static final String TOLERANT = "tolerant_sticky_lop_uncached";
  public static final String RANKED = "ranked_sticky_lop_uncached";
  public static final String SCORER = "scorer";

  public GlobalSchedulerSpec(String scheduler, OptionalInt topK, Optional<YamlNumber> toleranceFactor,
      Location at) {
    this(scheduler, topK, toleranceFactor, at, Optional.empty());
  }

  /**
   * Name, then {@code _topk<k>}, then {@code _<tolerance>x}, numbers as Python prints them; a
   * {@code scorer} router adds its parts ({@link ScorerSpec#key()}).
   */
  public String key() {
    StringBuilder key = new StringBuilder(scheduler);
    topK.ifPresent(k -> key.append("_topk").append(k));
    toleranceFactor.ifPresent(t -> key.append('_').append(t.pythonStr()).append('x'));
    scorer.ifPresent(s -> key.append('_').append(s.key()));
    return key.toString();
  }

  /** The router's parameters for the simulator ({@code RouterContext#params}). */
  public Map<String, Object> routerParams() {
    Map<String, Object> params = new LinkedHashMap<>();
    topK.ifPresent(k -> params.put("top_k", k));
    toleranceFactor.ifPresent(t -> params.put("tolerance_factor", t.value()));
    scorer.ifPresent(s -> params.putAll(s.routerParams()));
    return params;
  }
}
