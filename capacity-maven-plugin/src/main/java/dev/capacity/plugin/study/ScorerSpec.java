package dev.capacity.plugin.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The parts of a {@code scorer} router as the study gives them: filters, weighted scorers, a picker,
 * and an optional label that names it in job keys and reports.
 *
 * @param label the item's {@code label}, or null
 * @param weighted whether the weights come from a {@code weightings} entry (the key then names them even
 *     with a label)
 */
public record ScorerSpec(String label, List<Part> filters, List<Part> scorers, String picker, OptionalInt k,
    boolean weighted) {

  /** A filter or scorer: its name, weight (scorers only) and parameters as written. */
  public record Part(String name, YamlNumber weight, Map<String, Param> params) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      if (weight != null) {
        m.put("weight", weight.value());
      }
      params.forEach((k, v) -> m.put(k, v.value()));
      return m;
    }

    String key() {
      String p = params.isEmpty() ? "" : params.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue().text()).collect(Collectors.joining(",", "(", ")"));
      return name + p + (weight == null ? "" : "-" + weight.pythonStr());
    }
  }

  /** A parameter value: as written (for keys) and as the simulator takes it (Number, String, Boolean). */
  public record Param(String text, Object value) {}

  /** This spec with the weights of {@code weighting} (scorer name to weight); others keep theirs. */
  ScorerSpec reweighted(Map<String, YamlNumber> weighting) {
    List<Part> parts = new ArrayList<>();
    for (Part p : scorers) {
      parts.add(new Part(p.name, weighting.getOrDefault(p.name, p.weight), p.params));
    }
    return new ScorerSpec(label, filters, parts, picker, k, true);
  }

  /**
   * The label (with the weights when they come from {@code weightings}), or every part: filters as
   * {@code filters-<name>(<params>)}, scorers as {@code <name>(<params>)-<weight>}, then the picker when
   * it is not {@code max_score}. E.g. {@code prefix_cache-3_queue-1}.
   */
  String key() {
    List<String> words = new ArrayList<>();
    if (label != null) {
      words.add(label);
      if (weighted) {
        scorers.forEach(s -> words.add(s.name + "-" + s.weight.pythonStr()));
      }
      return String.join("_", words);
    }
    if (!filters.isEmpty()) {
      words.add("filters-" + filters.stream().map(Part::key).collect(Collectors.joining("-")));
    }
    scorers.forEach(s -> words.add(s.key()));
    if (!picker.equals("max_score")) {
      words.add(picker + (k.isPresent() ? Integer.toString(k.getAsInt()) : ""));
    }
    return String.join("_", words);
  }

  Map<String, Object> routerParams() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("filters", filters.stream().map(Part::toMap).collect(Collectors.toList()));
    params.put("scorers", scorers.stream().map(Part::toMap).collect(Collectors.toList()));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", picker);
    k.ifPresent(v -> p.put("k", v));
    params.put("picker", p);
    return params;
  }
}
