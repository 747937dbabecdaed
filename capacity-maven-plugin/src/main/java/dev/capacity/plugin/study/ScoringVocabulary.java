package dev.capacity.plugin.study;

import dev.capacity.simulator.routing.Routers;
import dev.capacity.simulator.routing.ScoringPlugins;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The filters and scorers a {@code scorer} router may name, each with the parameters it takes: the
 * simulator's built-ins plus those a study project registers through ServiceLoader.
 */
public record ScoringVocabulary(Map<String, Set<String>> scorers, Map<String, Set<String>> filters) {

  public static ScoringVocabulary of(ScoringPlugins plugins) {
    Map<String, Set<String>> scorers = new TreeMap<>();
    plugins.scorerNames().forEach(n -> scorers.put(n, plugins.scorer(n).parameters()));
    Map<String, Set<String>> filters = new TreeMap<>();
    plugins.filterNames().forEach(n -> filters.put(n, plugins.filter(n).parameters()));
    return new ScoringVocabulary(scorers, filters);
  }

  public static ScoringVocabulary builtin() {
    return of(Routers.builtIn().scoringPlugins());
  }
}
