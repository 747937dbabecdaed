package dev.capacity.plugin.study;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the keys of a {@code scheduler: scorer} item ({@code label}, {@code filters}, {@code scorers},
 * {@code picker}, {@code weightings}), reporting every problem at its line with the allowed values.
 */
final class ScorerSpecReader {
  static final List<String> KEYS = List.of("label", "filters", "scorers", "picker", "weightings");
  static final List<String> PICKERS = List.of("max_score", "random", "top_k", "weighted_random");

  private final NodeReader r;
  private final ScoringVocabulary vocabulary;

  ScorerSpecReader(NodeReader r, ScoringVocabulary vocabulary) {
    this.r = r;
    this.vocabulary = vocabulary;
  }

  /** One spec, or one per weighting; null after a reported problem. */
  List<ScorerSpec> read(NodeReader.Fields f) {
    int before = r.problems().size();
    String label = f.has("label") ? r.string(f.get("label"), f.path("label")) : null;
    List<ScorerSpec.Part> filters = f.has("filters")
        ? r.items(f.get("filters"), f.path("filters"), (n, w) -> part(n, w, vocabulary.filters(), false)) : List.of();
    List<ScorerSpec.Part> scorers = f.has("scorers")
        ? r.items(f.get("scorers"), f.path("scorers"), (n, w) -> part(n, w, vocabulary.scorers(), true)) : null;
    if (scorers != null && scorers.isEmpty() && r.problems().size() == before) {
      r.problem(f.get("scorers"), f.path("scorers") + ": must list at least one scorer");
    }
    String picker = "max_score";
    OptionalInt k = OptionalInt.empty();
    if (f.has("picker")) {
      Node p = f.get("picker");
      String where = f.path("picker");
      if (p instanceof MappingNode) {
        NodeReader.Fields pf = r.fields(p, where, List.of("name"), List.of("k"));
        picker = pf == null || !pf.has("name") ? null : r.oneOf(pf.get("name"), pf.path("name"), PICKERS, "picker");
        Integer kv = pf != null && pf.has("k") ? r.integer(pf.get("k"), pf.path("k"), 1) : null;
        if ("top_k".equals(picker) && (pf == null || !pf.has("k"))) {
          r.problem(p, where + ": the top_k picker requires 'k' (how many of the best to draw from)");
        } else if (picker != null && !picker.equals("top_k") && pf.has("k")) {
          r.problem(pf.get("k"), pf.path("k") + ": only the top_k picker takes 'k', not " + picker);
        }
        k = kv == null ? OptionalInt.empty() : OptionalInt.of(kv);
      } else {
        picker = r.oneOf(p, where, PICKERS, "picker");
        if ("top_k".equals(picker)) {
          r.problem(p, where + ": the top_k picker requires 'k': write picker: {name: top_k, k: 2}");
        }
      }
    }
    List<Map<String, YamlNumber>> weightings = f.has("weightings") && scorers != null
        ? r.items(f.get("weightings"), f.path("weightings"), (n, w) -> weighting(n, w, scorers)) : null;
    if (weightings != null && weightings.isEmpty() && r.problems().size() == before) {
      r.problem(f.get("weightings"), f.path("weightings") + ": must list at least one weighting");
    }
    if (weightings != null && scorers != null) {
      Set<String> seen = new HashSet<>();
      for (ScorerSpec.Part s : scorers) {
        if (!seen.add(s.name())) {
          r.problem(f.get("weightings"), f.path("weightings") + ": scorer '" + s.name()
              + "' is listed twice, so a weighting cannot name it; use one of each scorer with weightings");
        }
      }
    }
    if (r.problems().size() > before || scorers == null) {
      return null;
    }
    ScorerSpec spec = new ScorerSpec(label, filters, scorers, picker, k, false);
    if (weightings == null) {
      return List.of(spec);
    }
    List<ScorerSpec> specs = new ArrayList<>();
    weightings.forEach(w -> specs.add(spec.reweighted(w)));
    return specs;
  }

  /** A filter or scorer: a name, or a mapping with {@code name} (and {@code weight}) and its parameters. */
  private ScorerSpec.Part part(Node node, String where, Map<String, Set<String>> known, boolean scorer) {
    String kind = scorer ? "scorer" : "filter";
    List<String> names = new ArrayList<>(known.keySet());
    if (!(node instanceof MappingNode mapping)) {
      String name = r.oneOf(node, where, names, kind);
      return name == null ? null : new ScorerSpec.Part(name, scorer ? YamlNumber.ofInt(1) : null, Map.of());
    }
    Node nameNode = null;
    for (NodeTuple t : mapping.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals("name")) {
        nameNode = t.getValueNode();
      }
    }
    if (nameNode == null) {
      r.problem(node, where + ": missing required key 'name' (the " + kind + ": " + String.join(", ", names) + ")");
      return null;
    }
    String name = r.oneOf(nameNode, where + ".name", names, kind);
    if (name == null) {
      return null;
    }
    List<String> optional = new ArrayList<>(scorer ? List.of("weight") : List.of());
    known.get(name).stream().sorted().forEach(optional::add);
    NodeReader.Fields pf = r.fields(node, where, List.of("name"), optional);
    if (pf == null) {
      return null;
    }
    YamlNumber weight = scorer ? YamlNumber.ofInt(1) : null;
    if (scorer && pf.has("weight")) {
      weight = r.number(pf.get("weight"), pf.path("weight"), false);
      if (weight == null) {
        return null;
      }
    }
    Map<String, ScorerSpec.Param> params = new TreeMap<>();
    for (Map.Entry<String, Node> e : pf.values().entrySet()) {
      if (!e.getKey().equals("name") && !e.getKey().equals("weight")) {
        ScorerSpec.Param v = scalar(e.getValue(), pf.path(e.getKey()));
        if (v != null) {
          params.put(e.getKey(), v);
        }
      }
    }
    return new ScorerSpec.Part(name, weight, params);
  }

  /** A parameter: a number, string or boolean. */
  private ScorerSpec.Param scalar(Node node, String where) {
    if (node instanceof ScalarNode s) {
      if (Tag.INT.equals(node.getTag()) || Tag.FLOAT.equals(node.getTag())) {
        YamlNumber n = r.number(node, where, false);
        return n == null ? null : new ScorerSpec.Param(s.getValue(),
            n.integral() ? (Object) n.integer().longValue() : (Object) n.value());
      }
      if (Tag.BOOL.equals(node.getTag())) {
        return new ScorerSpec.Param(s.getValue(), r.bool(node, where));
      }
      if (Tag.STR.equals(node.getTag())) {
        return new ScorerSpec.Param(s.getValue(), s.getValue());
      }
    }
    r.problem(node, where + ": expected a number, a string or true/false, found " + NodeReader.describe(node));
    return null;
  }

  /** A mapping of listed scorer names to weights. */
  private Map<String, YamlNumber> weighting(Node node, String where, List<ScorerSpec.Part> scorers) {
    List<String> listed = scorers.stream().map(ScorerSpec.Part::name).distinct().toList();
    int before = r.problems().size();
    NodeReader.Fields wf = r.fields(node, where, List.of(), listed);
    if (wf == null || r.problems().size() > before) {
      return null;
    }
    if (wf.values().isEmpty()) {
      r.problem(node, where + ": give a weight to at least one of the scorers: " + String.join(", ", listed));
      return null;
    }
    Map<String, YamlNumber> weights = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : wf.values().entrySet()) {
      YamlNumber w = r.number(e.getValue(), wf.path(e.getKey()), false);
      if (w == null) {
        return null;
      }
      weights.put(e.getKey(), w);
    }
    return weights;
  }
}
