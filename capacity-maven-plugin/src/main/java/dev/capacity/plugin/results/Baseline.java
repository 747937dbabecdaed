package dev.capacity.plugin.results;

import dev.capacity.plugin.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checked-in capacity of every job ({@code src/capacity/baseline.json}), keyed by job key so a diff
 * of the file reads as a list of configurations.
 */
public record Baseline(int schemaVersion, Map<String, Double> capacities) {
  public Baseline {
    capacities = new TreeMap<>(capacities);
  }

  public static Baseline from(StudyResults results) {
    Map<String, Double> caps = new TreeMap<>();
    for (JobResult j : results.jobs()) {
      if (j.capacity() != null) {
        caps.put(j.key(), j.capacity());
      }
    }
    return new Baseline(1, caps);
  }

  public static Baseline read(Path file) throws IOException {
    try {
      Baseline b = Json.MAPPER.readValue(file.toFile(), Baseline.class);
      if (b.capacities() == null) {
        throw new IOException("no \"capacities\" object");
      }
      return b;
    } catch (IOException e) {
      throw new IOException("cannot read baseline " + file + ": " + e.getMessage()
          + " (expected {\"schemaVersion\": 1, \"capacities\": {\"<job key>\": <capacity>, ...}};"
          + " regenerate it with mvn capacity:update-baseline)", e);
    }
  }

  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Json.writeAtomically(file, this);
  }
}
