package dev.capacity.plugin.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.capacity.plugin.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checked-in capacity of every job ({@code src/capacity/baseline.json}), keyed by job key so a diff
 * of the file reads as a list of configurations. The value is what {@link BaselineGate#gated} reads
 * from a job's results: max QPS, min replicas, or for isoqps the highest QPS up to which every
 * multiplier passed. Always a positive number; a job without one is left out.
 */
public record Baseline(int schemaVersion, Map<String, Double> capacities) {
  public static final int SCHEMA_VERSION = 1;

  static final String EXPECTED = "expected {\"schemaVersion\": 1, \"capacities\": {\"<job key>\": <capacity>,"
      + " ...}} with positive capacities; regenerate it with mvn capacity:update-baseline";

  public Baseline {
    capacities = new TreeMap<>(capacities);
  }

  /** What {@code capacity:update-baseline} records: every job's gated value, where it has one. */
  public static Baseline from(StudyResults results) {
    Map<String, Double> caps = new TreeMap<>();
    for (JobResult j : results.jobs()) {
      Double value = BaselineGate.gated(j);
      if (value != null) {
        caps.put(j.key(), value);
      }
    }
    return new Baseline(SCHEMA_VERSION, caps);
  }

  /**
   * Reads and checks a baseline: JSON, schemaVersion 1, a non-empty "capacities" map of positive finite
   * numbers. Every problem is reported, one per line, naming the offending key.
   */
  public static Baseline read(Path file) throws BaselineException {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      throw new BaselineException(file, List.of("not JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")")));
    } catch (IOException e) {
      throw new BaselineException(file, List.of("cannot read it: " + e));
    }
    if (root == null || root.isMissingNode()) {
      throw new BaselineException(file, List.of("empty file"));
    }
    if (!root.isObject()) {
      throw new BaselineException(file, List.of("not a JSON object but " + kind(root)));
    }
    List<String> problems = new ArrayList<>();
    JsonNode version = root.get("schemaVersion");
    if (version == null) {
      problems.add("no \"schemaVersion\" (expected " + SCHEMA_VERSION + ")");
    } else if (!version.isIntegralNumber() || version.asInt() != SCHEMA_VERSION) {
      problems.add("\"schemaVersion\" is " + version + ", expected " + SCHEMA_VERSION);
    }
    JsonNode caps = root.get("capacities");
    Map<String, Double> values = new TreeMap<>();
    if (caps == null || caps.isNull()) {
      problems.add("no \"capacities\" map");
    } else if (!caps.isObject()) {
      problems.add("\"capacities\" is " + kind(caps) + ", not a map of job key to capacity");
    } else if (caps.isEmpty()) {
      // an empty baseline would let every study pass: every job "new", nothing compared
      problems.add("\"capacities\" is empty: it gates nothing");
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = caps.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (v.isNumber() && Double.isFinite(v.doubleValue()) && v.doubleValue() > 0) {
          values.put(e.getKey(), v.doubleValue());
        } else {
          problems.add("capacity of \"" + e.getKey() + "\" is " + (v.isNumber() ? v.asText() : v.toString())
              + ": expected a positive number");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new BaselineException(file, problems);
    }
    return new Baseline(version.asInt(), values);
  }

  private static String kind(JsonNode n) {
    return n.isNull() ? "null" : n.isArray() ? "an array" : n.isTextual() ? "a string" : n.isNumber()
        ? "a number" : n.isBoolean() ? "a boolean" : n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Json.writeAtomically(file, this);
  }
}
