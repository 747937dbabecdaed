package dev.capacity.simulator.routing;

import dev.capacity.simulator.batching.Batch;
import dev.capacity.simulator.engine.Request;
import java.util.List;
import java.util.Set;

/**
 * Scorers of the load the router itself has sent to each replica and not yet seen finish (the counters
 * of {@link Outstanding}, exact and immediate, where the replicas' own metrics are scraped).
 * {@code active_request} is llm-d's; {@code outstanding_prefill} and {@code prefill_imbalance} are the
 * criteria of Vidur's LOP routers (reference §2.5-§2.6) as scorers, so that those routers are this
 * framework with a max-score picker and can be mixed with llm-d's scorers.
 */
final class LoadScorers {
  static final String IDLE_THRESHOLD = "idle_threshold";
  static final String MAX_BUSY_SCORE = "max_busy_score";
  static final String COUNT = "count";
  static final String RELEASE = "release";
  static final String PROMPT_TOKENS = "prompt_tokens";
  static final String REQUESTS = "requests";
  static final String UNCACHED_PROMPT_TOKENS = "uncached_prompt_tokens";
  static final String PREFILL_END = "prefill_end";
  static final String BATCH_END = "batch_end";
  static final String UNCACHED_STATE = "uncached_prefill";

  private LoadScorers() {}

  static final class ActiveRequestScorer extends Counted implements Scorer {
    private final int idleThreshold;
    private final double maxBusyScore;

    ActiveRequestScorer(ScoringContext c) {
      super(c.cluster(), true);
      this.idleThreshold = c.intParam(IDLE_THRESHOLD, 0);
      this.maxBusyScore = c.doubleParam(MAX_BUSY_SCORE, 1.0);
      if (idleThreshold < 0 || !(maxBusyScore >= 0 && maxBusyScore <= 1)) {
        throw c.invalid(IDLE_THRESHOLD + " must be >= 0 and " + MAX_BUSY_SCORE + " in [0, 1], got "
            + idleThreshold + " and " + maxBusyScore);
      }
    }

    @Override
    public void score(Request request, int[] candidates, int count, double[] scores) {
      long max = 0;
      for (int i = 0; i < count; i++) {
        max = Math.max(max, counts.pending(candidates[i]));
      }
      for (int i = 0; i < count; i++) {
        long n = counts.pending(candidates[i]);
        scores[i] = n <= idleThreshold ? 1.0 : (double) (max - n) / max * maxBusyScore;
      }
    }

    @Override
    int charge(Request request, int replica) {
      return 1;
    }
  }

  /**
   * {@code active_request} (llm-d {@code active-request-scorer}, dir scorer/activerequest, fed by the
   * {@code inflight-load-producer}: requests dispatched to a replica and not yet completed), parameters
   * {@code idle_threshold} (default 0) and {@code max_busy_score} (default 1): a replica with at most
   * idle_threshold requests scores 1; a busier one (max - n) / max × max_busy_score, max the most
   * requests on any candidate. With the defaults the highest score is exactly the fewest requests, so
   * {@code lor} is this scorer with {@code max_score}.
   */
  public static final class ActiveRequest extends ScoringPlugins.BuiltInScorer {
    public ActiveRequest() {
      super("active_request", Set.of(IDLE_THRESHOLD, MAX_BUSY_SCORE), ActiveRequestScorer::new);
    }
  }

  static final class OutstandingPrefillScorer extends Counted implements Scorer {
    private final ClusterView cluster;
    private final String count;
    private final boolean atBatchEnd;

    OutstandingPrefillScorer(ScoringContext c) {
      super(c.cluster(), false);
      this.cluster = c.cluster();
      this.count = c.choiceParam(COUNT, PROMPT_TOKENS, List.of(PROMPT_TOKENS, REQUESTS, UNCACHED_PROMPT_TOKENS));
      this.atBatchEnd = c.choiceParam(RELEASE, PREFILL_END, List.of(PREFILL_END, BATCH_END)).equals(BATCH_END);
    }

    @Override
    public void score(Request request, int[] candidates, int n, double[] scores) {
      for (int i = 0; i < n; i++) {
        scores[i] = counts.pending(candidates[i]);
      }
      ClusterScorers.lowIsBest(scores, n);
    }

    @Override
    int charge(Request request, int replica) {
      return switch (count) {
        case REQUESTS -> 1;
        case UNCACHED_PROMPT_TOKENS -> request.prefillTokens() - cluster.cachedPrefillTokens(replica, request);
        default -> request.prefillTokens();
      };
    }

    @Override
    public void onBatchEnd(int replica, Batch batch) {
      // Only requests with charge left are in their first prefill; decode steps find nothing to take back.
      for (int i = 0, n = atBatchEnd ? batch.size() : 0; i < n; i++) {
        counts.removeAtMost(batch.request(i), batch.tokens(i));
      }
    }
  }

  /**
   * {@code outstanding_prefill} (ours; Vidur's {@code lop} family, reference §2.5): per replica, the
   * prefill routed there and not yet computed, scored with {@link ClusterScorers#lowIsBest} (the least
   * gets 1). Parameter {@code count}: {@code prompt_tokens} (default; the full prompt, cache ignored:
   * {@code lop}), {@code requests} (1 a request: {@code lop_binary}) or {@code uncached_prompt_tokens}
   * (the prompt minus the chosen replica's prefix-cache hit at routing). Parameter {@code release}:
   * {@code prefill_end} (default: all at the request's first prefill end) or {@code batch_end} (also, at
   * every batch end, each request's prefill tokens in it, never more than it still counts:
   * {@code lop_batch_end}). See {@link Outstanding} for how the counters differ from the reference's.
   */
  public static final class OutstandingPrefill extends ScoringPlugins.BuiltInScorer {
    public OutstandingPrefill() {
      super("outstanding_prefill", Set.of(COUNT, RELEASE), OutstandingPrefillScorer::new);
    }
  }

  /**
   * {@code prefill_imbalance} (ours; Vidur's {@code lop_uncached} criterion, reference §2.6): for each
   * candidate c, imbalance(c) = max - min of the replicas' outstanding uncached prefill tokens if the
   * request's uncached tokens on c (its prompt minus c's prefix-cache hit) were added on c, scored with
   * {@link ClusterScorers#lowIsBest}. On an idle cluster the best is the best cache hit; under load, the
   * most even uncached work. The counters ({@link UncachedPrefill}) are shared with the sticky filters.
   */
  public static final class PrefillImbalance extends ScoringPlugins.BuiltInScorer {
    public PrefillImbalance() {
      super("prefill_imbalance", Set.of(), c -> {
        UncachedPrefill state = UncachedPrefill.of(c);
        return (request, candidates, count, scores) -> {
          state.prepare(request);
          for (int i = 0; i < count; i++) {
            scores[i] = state.imbalance(candidates[i]);
          }
          ClusterScorers.lowIsBest(scores, count);
        };
      });
    }
  }

  /**
   * The outstanding uncached prefill tokens per replica (charged at routing: the prompt minus the
   * chosen replica's hit; taken back at the first prefill end) and, per routing decision, every
   * replica's hit and imbalance, computed once however many parts read them.
   */
  static final class UncachedPrefill extends Counted {
    private Request prepared;
    private long least;

    UncachedPrefill(ScoringContext c) {
      super(c.cluster(), false);
    }

    static UncachedPrefill of(ScoringContext c) {
      return c.shared(UNCACHED_STATE, UncachedPrefill.class, UncachedPrefill::new);
    }

    /** Probes every replica's cache for {@code request} and computes the imbalances (once per request). */
    void prepare(Request request) {
      if (request != prepared) {
        counts.probeUncached(request);
        least = counts.computeImbalances();
        prepared = request;
      }
    }

    long imbalance(int replica) {
      return counts.imbalance(replica);
    }

    /** The least imbalance over all replicas, after {@link #prepare}. */
    long leastImbalance() {
      return least;
    }

    @Override
    int charge(Request request, int replica) {
      prepare(request);
      prepared = null;
      return counts.uncached(replica);
    }
  }

  /**
   * A part that counts, per replica, what it charged for each request routed there ({@link #charge}),
   * until the request's first prefill end or its completion.
   */
  abstract static class Counted implements RoutingListener {
    final Outstanding counts;
    private final boolean untilRequestEnd;

    Counted(ClusterView cluster, boolean untilRequestEnd) {
      this.counts = new Outstanding(cluster);
      this.untilRequestEnd = untilRequestEnd;
    }

    /** What {@code request} counts on {@code replica}, the replica it was just routed to. */
    abstract int charge(Request request, int replica);

    @Override
    public void onRouted(Request request, int replica) {
      counts.add(request, replica, charge(request, replica));
    }

    @Override
    public void onPrefillEnd(Request request) {
      if (!untilRequestEnd) {
        counts.remove(request);
      }
    }

    @Override
    public void onRequestEnd(Request request) {
      if (untilRequestEnd) {
        counts.remove(request);
      }
    }

    @Override
    public long[] outstanding() {
      return counts.snapshot();
    }
  }
}
