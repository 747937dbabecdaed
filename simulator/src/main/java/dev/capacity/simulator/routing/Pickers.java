package dev.capacity.simulator.routing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The last stage of a {@code scorer} router (llm-d's Picker extension point, {@code
 * pkg/epp/framework/plugins/scheduling/picker/} in llm-d-inference-scheduler): chooses one replica from
 * the candidates and their weighted score sums. All randomness comes from the router's
 * {@link RouterRandom}, never a clock-seeded stream as in llm-d, so runs are reproducible.
 */
final class Pickers {
  static final String MAX_SCORE = "max_score";
  static final String RANDOM = "random";
  static final String TOP_K = "top_k";
  static final String WEIGHTED_RANDOM = "weighted_random";
  static final List<String> NAMES = List.of(MAX_SCORE, RANDOM, TOP_K, WEIGHTED_RANDOM);

  private Pickers() {}

  interface Picker {
    /** One of {@code candidates[0..count)} (count &gt;= 1), given their totals {@code totals[0..count)}. */
    int pick(int[] candidates, int count, double[] totals);
  }

  /** The picker a {@code picker:} value names: a name, or a map with {@code name} (and {@code k}). */
  static Picker create(Object spec, ScoringContext context) {
    Map<?, ?> map = spec instanceof Map<?, ?> m ? m : Map.of("name", spec == null ? MAX_SCORE : spec);
    String name = String.valueOf(map.get("name"));
    for (Object key : map.keySet()) {
      if (!key.equals("name") && !(key.equals("k") && name.equals(TOP_K))) {
        throw context.invalid("picker " + name + " has no parameter '" + key + "'");
      }
    }
    RouterRandom random = context.random();
    int n = context.numReplicas();
    switch (name) {
      case MAX_SCORE:
        return new MaxScore(random, n);
      case RANDOM:
        return (candidates, count, totals) -> random.choice(candidates, count);
      case TOP_K:
        Object k = map.get("k");
        if (!(k instanceof Number kn) || kn.intValue() < 1 || kn.doubleValue() != kn.intValue()) {
          throw context.invalid("picker top_k needs a whole number k >= 1, got " + k);
        }
        return new TopK(random, kn.intValue(), n);
      case WEIGHTED_RANDOM:
        return new WeightedRandom(random);
      default:
        throw context.invalid("unknown picker '" + name + "'; allowed: " + String.join(", ", NAMES));
    }
  }

  /**
   * {@code max_score} (llm-d {@code max-score-picker}): a candidate of highest total; ties go to
   * {@link RouterRandom#choice} among the tied ids in ascending order (llm-d shuffles, then sorts
   * stably).
   */
  static final class MaxScore implements Picker {
    private final RouterRandom random;
    private final int[] ties;

    MaxScore(RouterRandom random, int numReplicas) {
      this.random = random;
      this.ties = new int[numReplicas];
    }

    @Override
    public int pick(int[] candidates, int count, double[] totals) {
      double best = Double.NEGATIVE_INFINITY;
      int n = 0;
      for (int i = 0; i < count; i++) {
        double v = totals[i];
        if (v > best) {
          best = v;
          n = 0;
        }
        if (v == best) {
          ties[n++] = candidates[i];
        }
      }
      return random.choice(ties, n);
    }
  }

  /**
   * {@code top_k}: uniform among the k highest totals (llm-d's pickers return their top
   * {@code maxNumOfEndpoints} and the gateway takes the first; here the choice among them is uniform).
   * Candidates tied at the k-th total share its remaining places: each of the {@code a} strictly above
   * it has probability 1/k, each of the {@code b} at it (k - a) / (k b). With k &gt;= candidates, uniform.
   */
  static final class TopK implements Picker {
    private final RouterRandom random;
    private final int k;
    private final double[] sorted;
    private final int[] above;
    private final int[] at;

    TopK(RouterRandom random, int k, int numReplicas) {
      this.random = random;
      this.k = k;
      this.sorted = new double[numReplicas];
      this.above = new int[numReplicas];
      this.at = new int[numReplicas];
    }

    @Override
    public int pick(int[] candidates, int count, double[] totals) {
      if (k >= count) {
        return random.choice(candidates, count);
      }
      System.arraycopy(totals, 0, sorted, 0, count);
      Arrays.sort(sorted, 0, count);
      double kth = sorted[count - k];
      int a = 0;
      int b = 0;
      for (int i = 0; i < count; i++) {
        if (totals[i] > kth) {
          above[a++] = candidates[i];
        } else if (totals[i] == kth) {
          at[b++] = candidates[i];
        }
      }
      int u = random.nextInt(k);
      return u < a ? above[u] : random.choice(at, b);
    }
  }

  /**
   * {@code weighted_random} (llm-d {@code weighted-random-picker}): A-Res sampling, the candidate with
   * the largest key u^(1/total) for u uniform, drawn per candidate in ascending id order; when no total
   * is positive, uniform.
   */
  static final class WeightedRandom implements Picker {
    private final RouterRandom random;

    WeightedRandom(RouterRandom random) {
      this.random = random;
    }

    @Override
    public int pick(int[] candidates, int count, double[] totals) {
      int best = -1;
      double bestKey = -1;
      for (int i = 0; i < count; i++) {
        if (totals[i] > 0) {
          double key = Math.pow(random.nextDouble(), 1 / totals[i]);
          if (key > bestKey) {
            bestKey = key;
            best = candidates[i];
          }
        }
      }
      return best >= 0 ? best : random.choice(candidates, count);
    }
  }
}
