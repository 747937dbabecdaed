package dev.capacity.simulator.routing;

import dev.capacity.simulator.batching.Batch;
import dev.capacity.simulator.engine.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scorer}: a router assembled from filters, weighted scorers and a picker, the way llm-d's
 * inference scheduler (the Gateway API inference extension's endpoint picker) is configured: its
 * scheduler profile runs Filter, then Score, then Pick for every request
 * ({@code pkg/epp/scheduling/scheduler_profile.go} in github.com/llm-d/llm-d-inference-scheduler; the
 * docs' "Request Scheduler" page, https://llm-d.ai/docs/architecture/core/router/epp/scheduling).
 *
 * <ol>
 *   <li>Filters, in order, narrow the candidates (all replicas, ascending ids); a filter that would keep
 *       none is skipped.
 *   <li>Each scorer rates every candidate; its score is clamped to [0, 1] and the weighted scores are
 *       summed per candidate (llm-d {@code runScorerPlugins}).
 *   <li>The picker chooses one candidate from the sums ({@link Pickers}).
 *   <li>Every shared state, filter and scorer hears {@link RoutingListener#onRouted}, then the engine's
 *       batch, prefill and request ends.
 * </ol>
 *
 * <p>Parameters (a study's {@code global_schedulers} item): {@code filters} (names, or maps with
 * {@code name} and the filter's parameters), {@code scorers} (maps with {@code name}, {@code weight},
 * default 1, and the scorer's parameters), {@code picker} (a name, or a map with {@code name} and
 * {@code k} for {@code top_k}; default {@code max_score}). Nothing is allocated per request.
 */
final class ScorerRouter implements Router {
  static final String NAME = "scorer";
  static final String FILTERS = "filters";
  static final String SCORERS = "scorers";
  static final String PICKER = "picker";
  static final String WEIGHT = "weight";

  private final Filter[] filters;
  private final Scorer[] scorers;
  private final double[] weights;
  private final Pickers.Picker picker;
  private final RoutingListener[] listeners;
  private final int[] candidates;
  private final int[] before;
  private final double[] scores;
  private final double[] totals;

  ScorerRouter(RouterContext router, String name, boolean sessionsRequired, ScoringPlugins plugins) {
    Map<String, RoutingListener> shared = new LinkedHashMap<>();
    ScoringContext context = new ScoringContext(router, name, "router", sessionsRequired, shared);
    Map<String, Object> params = router.params();
    List<Part> scorerParts = parts(params.get(SCORERS), SCORERS, context);
    List<Part> filterParts = parts(params.get(FILTERS), FILTERS, context);
    // scorers first, so that a state a filter shares with a scorer takes the scorer's parameters
    this.scorers = new Scorer[scorerParts.size()];
    this.weights = new double[scorers.length];
    for (int i = 0; i < scorers.length; i++) {
      Part p = scorerParts.get(i);
      scorers[i] = create(plugins.scorer(p.name), p, context);
      weights[i] = p.weight;
    }
    this.filters = new Filter[filterParts.size()];
    for (int i = 0; i < filters.length; i++) {
      filters[i] = create(plugins.filter(filterParts.get(i).name), filterParts.get(i), context);
    }
    this.picker = Pickers.create(params.get(PICKER), context);
    List<RoutingListener> all = new ArrayList<>(shared.values());
    all.addAll(List.of(filters));
    all.addAll(List.of(scorers));
    this.listeners = all.toArray(new RoutingListener[0]);
    int n = router.numReplicas();
    this.candidates = new int[n];
    this.before = new int[n];
    this.scores = new double[n];
    this.totals = new double[n];
  }

  /** One entry of {@code filters} or {@code scorers}. */
  private record Part(String name, double weight, Map<String, Object> params) {}

  private static List<Part> parts(Object list, String key, ScoringContext context) {
    List<Part> parts = new ArrayList<>();
    if (list == null) {
      return parts;
    }
    if (!(list instanceof List<?> items)) {
      throw context.invalid(key + " must be a list, got " + list);
    }
    for (Object item : items) {
      Map<String, Object> params = new LinkedHashMap<>();
      if (item instanceof Map<?, ?> m) {
        m.forEach((k, v) -> params.put(String.valueOf(k), v));
      } else {
        params.put("name", item);
      }
      Object name = params.remove("name");
      double weight = 1;
      if (key.equals(SCORERS) && params.containsKey(WEIGHT)) {
        Object w = params.remove(WEIGHT);
        if (!(w instanceof Number wn) || !(wn.doubleValue() >= 0) || Double.isInfinite(wn.doubleValue())) {
          throw context.invalid("scorer " + name + ": weight must be a finite number >= 0, got " + w);
        }
        weight = wn.doubleValue();
      }
      if (name == null) {
        throw context.invalid(key + ": every item needs a name, got " + item);
      }
      parts.add(new Part(name.toString(), weight, params));
    }
    return parts;
  }

  private static <T extends RoutingListener> T create(ScoringPluginProvider<T> provider, Part part,
      ScoringContext context) {
    for (String key : part.params.keySet()) {
      if (!provider.parameters().contains(key)) {
        throw context.invalid(part.name + " has no parameter '" + key + "'; allowed: "
            + (provider.parameters().isEmpty() ? "none" : String.join(", ", provider.parameters())));
      }
    }
    return provider.create(context.forPart(part.name, part.params));
  }

  @Override
  public int route(Request request) {
    int count = candidates.length;
    for (int i = 0; i < count; i++) {
      candidates[i] = i;
    }
    for (Filter f : filters) {
      System.arraycopy(candidates, 0, before, 0, count);
      int kept = f.filter(request, candidates, count);
      if (kept > 0) {
        count = kept;
      } else {
        System.arraycopy(before, 0, candidates, 0, count);
      }
    }
    for (int i = 0; i < count; i++) {
      totals[i] = 0;
    }
    for (int s = 0; s < scorers.length; s++) {
      scorers[s].score(request, candidates, count, scores);
      double w = weights[s];
      for (int i = 0; i < count; i++) {
        double v = scores[i];
        totals[i] += (v < 0 ? 0 : v > 1 ? 1 : v) * w;
      }
    }
    int target = count == 1 ? candidates[0] : picker.pick(candidates, count, totals);
    for (RoutingListener l : listeners) {
      l.onRouted(request, target);
    }
    return target;
  }

  @Override
  public void onBatchEnd(int replica, Batch batch) {
    for (RoutingListener l : listeners) {
      l.onBatchEnd(replica, batch);
    }
  }

  @Override
  public void onPrefillEnd(Request request) {
    for (RoutingListener l : listeners) {
      l.onPrefillEnd(request);
    }
  }

  @Override
  public void onRequestEnd(Request request) {
    for (RoutingListener l : listeners) {
      l.onRequestEnd(request);
    }
  }

  /** The first counters a part keeps (the load the router balances), or null. */
  @Override
  public long[] outstanding() {
    for (RoutingListener l : listeners) {
      long[] o = l.outstanding();
      if (o != null) {
        return o;
      }
    }
    return null;
  }
}
