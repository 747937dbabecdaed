package dev.capacity.simulator.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The reference's routers (reference §2.3-§2.7) that are a {@code scorer} router with fixed parts. Each
 * is the same parts a study could write under {@code scheduler: scorer}, with the same results to the
 * bit (DigestBench): ties between equal best totals go to {@link RouterRandom#choice} among the tied ids,
 * ascending, as the reference's routers break them with their own random choice.
 *
 * <ul>
 *   <li>{@code random}: no scorer, picker {@code random} (a uniform draw; ours, not CPython's stream).
 *   <li>{@code lor} (least outstanding requests): {@code active_request}, {@code max_score}.
 *   <li>{@code lop} (least outstanding prefill, full prompts): {@code outstanding_prefill}.
 *   <li>{@code lop_binary}: {@code outstanding_prefill} with {@code count: requests}.
 *   <li>{@code lop_batch_end}: {@code outstanding_prefill} with {@code count: uncached_prompt_tokens,
 *       release: batch_end}. The reference adds P and subtracts the batch's prefill tokens, so its
 *       counters grow without bound under prefix caching and drift after restarts (its H9); here the
 *       chosen replica's hit is left out at routing and no counter is taken below what it still holds.
 *   <li>{@code lop_uncached}: {@code prefill_imbalance}.
 *   <li>{@code sticky_lor}, {@code sticky_lop} (ours, the reference documents but lacks the latter, its
 *       H1): {@code session_affinity} at weight 2 over the {@code lor} / {@code lop} scorer at weight 1:
 *       a known session's replica totals at least 2 and any other at most 1, so a session stays where its
 *       first request went, and a new session goes where {@code lor} / {@code lop} would send it.
 *   <li>{@code tolerant_sticky_lop_uncached} ({@code tolerance_factor}): filter {@code sticky_tolerance},
 *       scorer {@code prefill_imbalance}.
 *   <li>{@code ranked_sticky_lop_uncached} ({@code top_k}): filter {@code sticky_top_k}, scorer
 *       {@code prefill_imbalance}.
 * </ul>
 *
 * <p>The sticky ones need a session id on every request. {@code round_robin} and
 * {@code sticky_round_robin} keep their classes: they follow a counter of requests (of new sessions),
 * not a score of the replicas, and llm-d has no round-robin picker.
 */
final class BuiltInRouters {
  private BuiltInRouters() {}

  static List<RouterProvider> all(ScoringPlugins plugins) {
    Map<String, Object> lop = part("outstanding_prefill", 1);
    Map<String, Object> imbalance = part("prefill_imbalance", 1);
    Map<String, Object> sticky = part("session_affinity", 2);
    return List.of(
        new Composed(ScorerRouter.NAME, false, Set.of(ScorerRouter.FILTERS, ScorerRouter.SCORERS, ScorerRouter.PICKER),
            p -> p, plugins),
        new Composed("random", false, Set.of(), p -> recipe(List.of(), List.of(), Pickers.RANDOM), plugins),
        new Composed("lor", false, Set.of(), p -> recipe(List.of(), List.of(part("active_request", 1))), plugins),
        new Composed("lop", false, Set.of(), p -> recipe(List.of(), List.of(lop)), plugins),
        new Composed("lop_binary", false, Set.of(), p -> recipe(List.of(),
            List.of(part("outstanding_prefill", 1, LoadScorers.COUNT, LoadScorers.REQUESTS))), plugins),
        new Composed("lop_batch_end", false, Set.of(), p -> recipe(List.of(), List.of(part("outstanding_prefill", 1,
            LoadScorers.COUNT, LoadScorers.UNCACHED_PROMPT_TOKENS, LoadScorers.RELEASE, LoadScorers.BATCH_END))),
            plugins),
        new Composed("lop_uncached", false, Set.of(), p -> recipe(List.of(), List.of(imbalance)), plugins),
        new Composed("sticky_lor", true, Set.of(), p -> recipe(List.of(),
            List.of(sticky, part("active_request", 1))), plugins),
        new Composed("sticky_lop", true, Set.of(), p -> recipe(List.of(), List.of(sticky, lop)), plugins),
        new Composed("tolerant_sticky_lop_uncached", true, Set.of(SessionPlugins.TOLERANCE_FACTOR),
            p -> recipe(List.of(withParam(part("sticky_tolerance"), SessionPlugins.TOLERANCE_FACTOR, p)),
                List.of(imbalance)), plugins),
        new Composed("ranked_sticky_lop_uncached", true, Set.of(SessionPlugins.TOP_K),
            p -> recipe(List.of(withParam(part("sticky_top_k"), SessionPlugins.TOP_K, p)), List.of(imbalance)),
            plugins));
  }

  /** A filter or scorer entry as a study writes it: name, (weight), parameters as key, value pairs. */
  static Map<String, Object> part(String name, Object... weightAndParams) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    int i = 0;
    if (weightAndParams.length % 2 == 1) {
      m.put(ScorerRouter.WEIGHT, weightAndParams[i++]);
    }
    for (; i < weightAndParams.length; i += 2) {
      m.put((String) weightAndParams[i], weightAndParams[i + 1]);
    }
    return m;
  }

  private static Map<String, Object> withParam(Map<String, Object> part, String key, Map<String, Object> from) {
    if (from.containsKey(key)) {
      part.put(key, from.get(key));
    }
    return part;
  }

  private static Map<String, Object> recipe(List<?> filters, List<?> scorers) {
    return recipe(filters, scorers, Pickers.MAX_SCORE);
  }

  private static Map<String, Object> recipe(List<?> filters, List<?> scorers, String picker) {
    return Map.of(ScorerRouter.FILTERS, filters, ScorerRouter.SCORERS, scorers, ScorerRouter.PICKER, picker);
  }

  /** A router that is a {@code scorer} router with the parts {@code recipe} makes of its parameters. */
  record Composed(String name, boolean needsSessions, Set<String> parameters,
      Function<Map<String, Object>, Map<String, Object>> recipe, ScoringPlugins plugins) implements RouterProvider {
    @Override
    public Router create(RouterContext context) {
      RouterContext composed = new RouterContext(context.cluster(), context.random(), recipe.apply(context.params()));
      return new ScorerRouter(composed, name, needsSessions, plugins);
    }
  }
}
