package dev.capacity.simulator.routing;

import java.util.Set;

/**
 * Prefix-cache affinity, llm-d's two ways (github.com/llm-d/llm-d-inference-scheduler, commit 520af478,
 * under {@code pkg/epp/framework/plugins/scheduling/}): from the router's own approximate index of the
 * prefixes it routed ({@code prefix-cache-scorer}, {@code prefix-cache-affinity-filter}, both fed by the
 * {@code approx-prefix-cache-producer}: {@link PrefixIndex}) or from the replicas' actual caches
 * ({@code precise-prefix-cache-scorer}, which llm-d feeds with vLLM's KV-cache events; here the
 * simulated caches are read directly, so it is exact and never late).
 */
final class PrefixPlugins {
  static final String LRU_CAPACITY = "lru_capacity_per_server";
  static final String AFFINITY_THRESHOLD = "affinity_threshold";
  static final String EXPLORATION_PROBABILITY = "exploration_probability";

  private PrefixPlugins() {}

  static PrefixIndex index(ScoringContext c) {
    int capacity = c.intParam(LRU_CAPACITY, 0);
    if (capacity < 0) {
      throw c.invalid(LRU_CAPACITY + " must be >= 1 (or absent: the replica's KV blocks), got " + capacity);
    }
    return c.shared(PrefixIndex.KEY, PrefixIndex.class, x -> new PrefixIndex(x.cluster(), capacity));
  }

  /**
   * {@code prefix_cache} (llm-d {@code prefix-cache-scorer}, dir scorer/prefix): matched blocks / total
   * blocks of the request's prompt in the router's approximate index ({@link PrefixIndex}). Parameter
   * {@code lru_capacity_per_server}: blocks the index remembers per replica (default: the replica's KV
   * blocks).
   */
  public static final class PrefixCache extends ScoringPlugins.BuiltInScorer {
    public PrefixCache() {
      super("prefix_cache", Set.of(LRU_CAPACITY), c -> {
        PrefixIndex index = index(c);
        return (request, candidates, count, scores) -> {
          for (int i = 0; i < count; i++) {
            scores[i] = index.score(request, candidates[i]);
          }
        };
      });
    }
  }

  /**
   * {@code precise_prefix_cache} (llm-d {@code precise-prefix-cache-scorer}, dir
   * scorer/preciseprefixcache): the prompt blocks the replica's prefix cache holds now / the prompt's
   * blocks (the hit is capped so one prompt token remains to compute, as the engine caps it).
   */
  public static final class PrecisePrefixCache extends ScoringPlugins.BuiltInScorer {
    public PrecisePrefixCache() {
      super("precise_prefix_cache", Set.of(), c -> (request, candidates, count, scores) -> {
        int total = request.hashCount();
        for (int i = 0; i < count; i++) {
          int hit = c.cluster().cachedPrefillTokens(candidates[i], request) / c.cluster().blockSize();
          scores[i] = total == 0 ? 0.0 : (double) hit / total;
        }
      });
    }
  }

  /**
   * {@code prefix_cache_affinity} (llm-d {@code prefix-cache-affinity-filter}, dir
   * filter/prefixcacheaffinity), parameters {@code affinity_threshold} (default 0.80) and
   * {@code exploration_probability} (default 0.01): with that probability (one
   * {@link RouterRandom#nextDouble()} per request when it is above 0) keeps every candidate; otherwise
   * keeps the candidates whose approximate-index score ({@code prefix_cache}'s) is at least the
   * threshold, or every candidate when none is. llm-d's TTFT load gate needs its latency predictor and
   * is skipped without one, as here.
   */
  public static final class PrefixCacheAffinity extends ScoringPlugins.BuiltInFilter {
    public PrefixCacheAffinity() {
      super("prefix_cache_affinity", Set.of(AFFINITY_THRESHOLD, EXPLORATION_PROBABILITY), c -> {
        double threshold = c.doubleParam(AFFINITY_THRESHOLD, 0.80);
        double exploration = c.doubleParam(EXPLORATION_PROBABILITY, 0.01);
        if (!(threshold >= 0 && threshold <= 1 && exploration >= 0 && exploration <= 1)) {
          throw c.invalid(AFFINITY_THRESHOLD + " and " + EXPLORATION_PROBABILITY + " must be in [0, 1], got "
              + threshold + " and " + exploration);
        }
        PrefixIndex index = index(c);
        RouterRandom random = c.random();
        return (request, candidates, count) -> {
          if (exploration > 0 && random.nextDouble() < exploration) {
            return count;
          }
          int kept = 0;
          for (int i = 0; i < count; i++) {
            if (index.score(request, candidates[i]) >= threshold) {
              candidates[kept++] = candidates[i];
            }
          }
          return kept;
        };
      });
    }
  }
}
