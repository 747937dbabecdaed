package dev.capacity.plugin.run;

import dev.capacity.simulator.Simulator;
import dev.capacity.simulator.workload.Trace;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What the input checks need of a trace: each row's length (prompt + output tokens), whether it has
 * sessions and block hashes. Remembered in {@code <output>/trace-facts/} under the trace's content hash
 * and the simulator's code digest (its parser), so a rerun whose probes are all reused never parses
 * the trace: the same bytes read by the same parser give the same facts.
 */
public record TraceFacts(int[] lengths, boolean hasSessions, boolean hasHashes) {
  static final String CACHE_DIR = "trace-facts";
  private static final int FORMAT = 1;

  public int rows() {
    return lengths.length;
  }

  static TraceFacts of(Trace t) {
    int[] lengths = new int[t.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = t.prefillTokens()[i] + t.decodeTokens()[i];
    }
    return new TraceFacts(lengths, t.hasSessions(), t.hasHashes());
  }

  /**
   * The facts of the trace at {@code location}: from the cache when its content hash and the parser's
   * digest match a file there, else parsed (a parse error propagates). With no output directory, always
   * parsed. Nothing is written: {@link #remember} does, once the study has been checked and runs (a
   * study that fails its checks leaves no output folder behind).
   */
  static TraceFacts load(Simulator simulator, String location, ProbeFingerprints fingerprints,
      Path outputDir) {
    if (outputDir == null || fingerprints == null) {
      return of(simulator.trace(location));
    }
    Path file = cacheFile(location, fingerprints, outputDir);
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file);
          DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
        if (data.readInt() == FORMAT) {
          boolean sessions = data.readBoolean();
          boolean hashes = data.readBoolean();
          int[] lengths = new int[data.readInt()];
          for (int i = 0; i < lengths.length; i++) {
            lengths[i] = data.readInt();
          }
          return new TraceFacts(lengths, sessions, hashes);
        }
      } catch (IOException | RuntimeException e) {
        // unreadable or truncated: parse the trace again and rewrite it
      }
    }
    return of(simulator.trace(location));
  }

  /** Writes the facts not yet in the cache, by location, for the next run. */
  static void remember(java.util.Map<String, TraceFacts> facts, ProbeFingerprints fingerprints,
      Path outputDir) {
    facts.forEach((location, f) -> {
      Path file = cacheFile(location, fingerprints, outputDir);
      if (!Files.isRegularFile(file)) {
        f.save(file);
      }
    });
  }

  private static Path cacheFile(String location, ProbeFingerprints fingerprints, Path outputDir) {
    return outputDir.resolve(CACHE_DIR)
        .resolve(fingerprints.trace(location) + "-" + fingerprints.simulatorCode().substring(0, 16) + ".bin");
  }

  private void save(Path file) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 4 * lengths.length);
      try (DataOutputStream data = new DataOutputStream(bytes)) {
        data.writeInt(FORMAT);
        data.writeBoolean(hasSessions);
        data.writeBoolean(hasHashes);
        data.writeInt(lengths.length);
        for (int l : lengths) {
          data.writeInt(l);
        }
      }
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      Files.write(tmp, bytes.toByteArray());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // a cache: failing to write it costs a parse next time, nothing else
    }
  }
}
