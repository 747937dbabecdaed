package dev.capacity.simulator.routing;

import java.util.Set;

/**
 * Scorers that read the replicas' own state through {@link ClusterView}, as llm-d's scorers read the
 * metrics its data layer scrapes from vLLM (here exact and current, where llm-d's are up to one scrape
 * interval old). Sources: {@code pkg/epp/framework/plugins/scheduling/scorer/<dir>/} in
 * github.com/llm-d/llm-d-inference-scheduler (commit 520af478), each scorer's README there.
 */
final class ClusterScorers {
  static final String THRESHOLD = "threshold";

  private ClusterScorers() {}

  /**
   * Turns raw values (lower is better) in {@code v[0..count)} into scores in place: (max - v) / (max -
   * min), so the least gets 1 and the most 0; all equal: 1 each (llm-d's queue-scorer normalisation).
   */
  static void lowIsBest(double[] v, int count) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      min = Math.min(min, v[i]);
      max = Math.max(max, v[i]);
    }
    for (int i = 0; i < count; i++) {
      v[i] = max == min ? 1.0 : (max - v[i]) / (max - min);
    }
  }

  /** {@code queue} (llm-d {@code queue-scorer}, dir queuedepth): min-max inverted waiting-queue length. */
  public static final class Queue extends ScoringPlugins.BuiltInScorer {
    public Queue() {
      super("queue", Set.of(), c -> fewest(c.cluster(), ClusterView::numWaiting));
    }
  }

  /**
   * {@code running_requests} (llm-d {@code running-requests-size-scorer}, dir runningrequests): min-max
   * inverted number of running requests.
   */
  public static final class RunningRequests extends ScoringPlugins.BuiltInScorer {
    public RunningRequests() {
      super("running_requests", Set.of(), c -> fewest(c.cluster(), ClusterView::numRunning));
    }
  }

  /**
   * {@code kv_cache_utilization} (llm-d {@code kv-cache-utilization-scorer}, dir kvcacheutilization): 1 -
   * the fraction of KV blocks in use (vLLM's {@code kv_cache_usage_perc}; blocks held only by the prefix
   * cache count as free, as vLLM counts them).
   */
  public static final class KvCacheUtilization extends ScoringPlugins.BuiltInScorer {
    public KvCacheUtilization() {
      super("kv_cache_utilization", Set.of(), c -> (request, candidates, count, scores) -> {
        for (int i = 0; i < count; i++) {
          int total = c.cluster().numKvBlocks(candidates[i]);
          int used = total - c.cluster().numFreeKvBlocks(candidates[i]);
          scores[i] = total == 0 ? 1.0 : 1.0 - (double) used / total;
        }
      });
    }
  }

  /**
   * {@code load_aware} (llm-d {@code load-aware-scorer}, dir loadaware), parameter {@code threshold}
   * (default 128): 0.5 for an empty waiting queue, else 0.5 × (1 - min(waiting, threshold) / threshold),
   * so 0 from the threshold on.
   */
  public static final class LoadAware extends ScoringPlugins.BuiltInScorer {
    public LoadAware() {
      super("load_aware", Set.of(THRESHOLD), c -> {
        double threshold = c.intParam(THRESHOLD, 128);
        if (threshold < 1) {
          throw c.invalid(THRESHOLD + " must be >= 1, got " + c.params().get(THRESHOLD));
        }
        return (request, candidates, count, scores) -> {
          for (int i = 0; i < count; i++) {
            double waiting = Math.min(c.cluster().numWaiting(candidates[i]), threshold);
            scores[i] = waiting == 0 ? 0.5 : 0.5 * (1.0 - waiting / threshold);
          }
        };
      });
    }
  }

  /** A per-replica number read from the cluster. */
  interface ReplicaMetric {
    double of(ClusterView cluster, int replica);
  }

  /** Scores {@code metric} with {@link #lowIsBest}. */
  static Scorer fewest(ClusterView cluster, ReplicaMetric metric) {
    return (request, candidates, count, scores) -> {
      for (int i = 0; i < count; i++) {
        scores[i] = metric.of(cluster, candidates[i]);
      }
      lowIsBest(scores, count);
    };
  }
}
