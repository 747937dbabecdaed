package dev.capacity.plugin.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a study's probe fingerprints were computed from, as recorded in {@code results.json}: the model
 * version, SHA-256 digests of the simulator's and plugin's classes, of every trace by content, of the
 * profiles of every model and node type simulated, and of the study's own routers and replica
 * schedulers (built-in ones are part of the simulator's digest).
 *
 * @param traces trace_file as the study names it -> SHA-256 of its bytes
 * @param profiles "model on node" -> SHA-256 over the profile files read (or their absence)
 * @param policies "router name" / "replica_scheduler name" -> SHA-256 of the study's own classes
 * @param definitions "model identifier" / "node name" -> SHA-256 of the architecture or node type (with
 *     its device) the study defines itself; empty, and absent from results.json, without such definitions
 */
public record StudyInputs(
    String modelVersion,
    String simulatorCode,
    String pluginCode,
    Map<String, String> traces,
    Map<String, String> profiles,
    Map<String, String> policies,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> definitions) {
  public StudyInputs {
    traces = new TreeMap<>(traces);
    profiles = new TreeMap<>(profiles);
    policies = new TreeMap<>(policies);
    definitions = definitions == null ? new TreeMap<>() : new TreeMap<>(definitions);
  }

  /** Inputs of a study that defines no hardware or model of its own. */
  public StudyInputs(String modelVersion, String simulatorCode, String pluginCode,
      Map<String, String> traces, Map<String, String> profiles, Map<String, String> policies) {
    this(modelVersion, simulatorCode, pluginCode, traces, profiles, policies, Map.of());
  }

  /**
   * The union of two shards' inputs. Throws when they disagree on any digest: the shards were computed
   * from different code, traces or profiles and their results cannot be merged.
   */
  public StudyInputs union(StudyInputs other) {
    List<String> conflicts = new ArrayList<>();
    if (!modelVersion.equals(other.modelVersion)) {
      conflicts.add("model version " + modelVersion + " vs " + other.modelVersion);
    }
    if (!simulatorCode.equals(other.simulatorCode)) {
      conflicts.add("simulator classes " + simulatorCode + " vs " + other.simulatorCode);
    }
    if (!pluginCode.equals(other.pluginCode)) {
      conflicts.add("plugin classes " + pluginCode + " vs " + other.pluginCode);
    }
    Map<String, String> t = union("trace", traces, other.traces, conflicts);
    Map<String, String> p = union("profiles of", profiles, other.profiles, conflicts);
    Map<String, String> c = union("classes of", policies, other.policies, conflicts);
    Map<String, String> d = union("definition of", definitions, other.definitions, conflicts);
    if (!conflicts.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", conflicts));
    }
    return new StudyInputs(modelVersion, simulatorCode, pluginCode, t, p, c, d);
  }

  private static Map<String, String> union(
      String what, Map<String, String> a, Map<String, String> b, List<String> conflicts) {
    Map<String, String> out = new TreeMap<>(a);
    b.forEach((k, v) -> {
      String old = out.putIfAbsent(k, v);
      if (old != null && !Objects.equals(old, v)) {
        conflicts.add(what + " " + k + ": " + old + " vs " + v);
      }
    });
    return out;
  }
}
