package dev.capacity.plugin.study;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed access to a composed YAML node tree that records a located problem instead of throwing, so
 * one pass finds every mistake. Each accessor returns null when the node is unusable.
 */
final class NodeReader {
  private final String file;
  private final List<Problem> problems = new ArrayList<>();
  private final ScalarValues scalars = new ScalarValues();

  NodeReader(String file) {
    this.file = file;
  }

  List<Problem> problems() {
    return problems;
  }

  String file() {
    return file;
  }

  Location at(Node node) {
    Mark m = node.getStartMark();
    return m == null ? new Location(file, 1, 1) : new Location(file, m.getLine() + 1,
        m.getColumn() + 1);
  }

  void problem(Node node, String message) {
    problems.add(Problem.at(at(node), message));
  }

  void problem(Location where, String message) {
    problems.add(Problem.at(where, message));
  }

  /**
   * A mapping's entries by key, after reporting unknown, duplicate and missing required keys. Keys
   * whose value is YAML null are left out, so an empty optional key reads as absent.
   */
  Fields fields(Node node, String where, List<String> required, List<String> optional) {
    if (!(node instanceof MappingNode mapping)) {
      problem(node, where + ": expected a mapping of keys (" + String.join(", ", concat(required,
          optional)) + "), found " + describe(node));
      return null;
    }
    Map<String, Node> values = new LinkedHashMap<>();
    Map<String, Node> seen = new LinkedHashMap<>();
    for (NodeTuple entry : mapping.getValue()) {
      Node key = entry.getKeyNode();
      String name = key instanceof ScalarNode s ? s.getValue() : null;
      if (name == null) {
        problem(key, where + ": a key must be a plain name, found " + describe(key));
      } else if (!required.contains(name) && !optional.contains(name)) {
        problem(key, where + ": unknown key '" + name + "'; allowed keys here: "
            + String.join(", ", concat(required, optional)));
      } else if (seen.containsKey(name)) {
        problem(key, where + ": duplicate key '" + name + "' (first at line "
            + at(seen.get(name)).line() + ")");
      } else {
        seen.put(name, key);
        if (!isNull(entry.getValueNode())) {
          values.put(name, entry.getValueNode());
        } else if (required.contains(name)) {
          problem(entry.getValueNode(), where + "." + name + ": has no value");
        }
      }
    }
    for (String name : required) {
      if (!seen.containsKey(name)) {
        problem(node, where + ": missing required key '" + name + "'");
      }
    }
    return new Fields(where, node, values);
  }

  /** The entries of one mapping; {@code get} is null for absent keys. */
  record Fields(String where, Node node, Map<String, Node> values) {
    Node get(String key) {
      return values.get(key);
    }

    boolean has(String key) {
      return values.containsKey(key);
    }

    String path(String key) {
      return where + "." + key;
    }
  }

  String string(Node node, String where) {
    if (node instanceof ScalarNode s && Tag.STR.equals(node.getTag())) {
      if (s.getValue().isBlank()) {
        problem(node, where + ": must not be empty");
        return null;
      }
      return s.getValue();
    }
    problem(node, where + ": expected a string, found " + describe(node)
        + (node instanceof ScalarNode ? " (quote it to use it as text)" : ""));
    return null;
  }

  /** A string that must be one of {@code allowed}. */
  String oneOf(Node node, String where, List<String> allowed, String what) {
    String value = string(node, where);
    if (value != null && !allowed.contains(value)) {
      problem(node, where + ": unknown " + what + " '" + value + "'; allowed: "
          + String.join(", ", allowed));
      return null;
    }
    return value;
  }

  Integer integer(Node node, String where, int min) {
    if (!(node instanceof ScalarNode) || !Tag.INT.equals(node.getTag())) {
      problem(node, where + ": expected an integer, found " + describe(node));
      return null;
    }
    Object v = scalars.construct(node);
    if (!(v instanceof Integer i)) {
      problem(node, where + ": integer out of range: " + ((ScalarNode) node).getValue());
      return null;
    }
    if (i < min) {
      problem(node, where + ": must be at least " + min + ", found " + i);
      return null;
    }
    return i;
  }

  Long longInteger(Node node, String where) {
    if (!(node instanceof ScalarNode) || !Tag.INT.equals(node.getTag())) {
      problem(node, where + ": expected an integer, found " + describe(node));
      return null;
    }
    Object v = scalars.construct(node);
    if (v instanceof BigInteger) {
      problem(node, where + ": integer out of range: " + ((ScalarNode) node).getValue());
      return null;
    }
    return ((Number) v).longValue();
  }

  /** An int or float scalar; {@code positive} demands > 0, otherwise >= 0. */
  YamlNumber number(Node node, String where, boolean positive) {
    if (!(node instanceof ScalarNode s)
        || !(Tag.INT.equals(node.getTag()) || Tag.FLOAT.equals(node.getTag()))) {
      problem(node, where + ": expected a number, found " + describe(node));
      return null;
    }
    YamlNumber n = YamlNumber.of(s.getValue(), (Number) scalars.construct(node));
    if (!Double.isFinite(n.value())) {
      problem(node, where + ": must be a finite number, found " + s.getValue());
      return null;
    }
    if (positive ? n.value() <= 0 : n.value() < 0) {
      problem(node, where + ": must be " + (positive ? "greater than 0" : "at least 0")
          + ", found " + s.getValue());
      return null;
    }
    return n;
  }

  Boolean bool(Node node, String where) {
    if (node instanceof ScalarNode && Tag.BOOL.equals(node.getTag())) {
      return (Boolean) scalars.construct(node);
    }
    problem(node, where + ": expected true or false, found " + describe(node));
    return null;
  }

  /** The items of a list, each read by {@code item} with its index in {@code where}; nulls dropped. */
  <T> List<T> items(Node node, String where, BiFunction<Node, String, T> item) {
    if (!(node instanceof SequenceNode seq)) {
      problem(node, where + ": expected a list, found " + describe(node));
      return null;
    }
    List<T> out = new ArrayList<>();
    List<Node> nodes = seq.getValue();
    for (int i = 0; i < nodes.size(); i++) {
      T value = item.apply(nodes.get(i), where + "[" + i + "]");
      if (value != null) {
        out.add(value);
      }
    }
    return out;
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    ScalarNode s = (ScalarNode) node;
    String kind;
    if (Tag.INT.equals(s.getTag())) {
      kind = "integer";
    } else if (Tag.FLOAT.equals(s.getTag())) {
      kind = "number";
    } else if (Tag.BOOL.equals(s.getTag())) {
      kind = "boolean";
    } else if (Tag.NULL.equals(s.getTag())) {
      return "nothing (null)";
    } else {
      kind = "string";
    }
    return kind + " '" + s.getValue() + "'";
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** snakeyaml's own scalar constructors (underscores, 0x/0o, sexagesimal, yes/no...). */
  private static final class ScalarValues extends SafeConstructor {
    ScalarValues() {
      super(new LoaderOptions());
    }

    Object construct(Node node) {
      return constructObject(node);
    }
  }
}
