package dev.capacity.plugin.run;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 of trace files by content, so an edited trace is never taken for the one a probe simulated. A
 * multi-GB trace is not rehashed on every run: {@code trace-digests.json} in the output folder remembers
 * path, size and modification time with the hash, and an entry is trusted only when all three match.
 * Like git's index, a hash taken within {@link #RACY_MILLIS} of the file's modification time is not
 * remembered: a same-size edit in that window could keep the same time stamp.
 */
final class TraceDigests {
  static final String CACHE_FILE = "trace-digests.json";
  static final long RACY_MILLIS = 2_000;

  /** One remembered hash. */
  record Entry(long size, long modifiedMillis, String sha256) {}

  /** Hashes taken in this JVM, under the same rule as the file's entries (size and time stamp). */
  private static final Map<String, Entry> HASHED = new java.util.concurrent.ConcurrentHashMap<>();

  private final Path cacheFile;
  private final Map<String, Entry> cache;
  private boolean dirty;

  TraceDigests(Path outputDir) {
    this.cacheFile = outputDir.resolve(CACHE_FILE);
    this.cache = read(cacheFile);
  }

  /** The SHA-256 (hex) of {@code file}'s bytes, from the cache when size and time stamp still match. */
  synchronized String digest(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    try {
      long size = Files.size(abs);
      long modified = Files.getLastModifiedTime(abs).toMillis();
      Entry e = cache.get(abs.toString());
      if (e == null) {
        // hashed earlier in this JVM (the input checks, before the run's own instance was made)
        e = HASHED.get(abs.toString());
        if (e != null && e.size() == size && e.modifiedMillis() == modified) {
          cache.put(abs.toString(), e);
          dirty = true;
        }
      }
      if (e != null && e.size() == size && e.modifiedMillis() == modified) {
        return e.sha256();
      }
      String sha;
      try (InputStream in = Files.newInputStream(abs)) {
        sha = sha256(in);
      }
      if (System.currentTimeMillis() - modified > RACY_MILLIS
          && Files.getLastModifiedTime(abs).toMillis() == modified) {
        Entry fresh = new Entry(size, modified, sha);
        cache.put(abs.toString(), fresh);
        HASHED.put(abs.toString(), fresh);
        dirty = true;
      } else if (cache.remove(abs.toString()) != null) {
        dirty = true;
      }
      return sha;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + abs + ": " + e.getMessage(), e);
    }
  }

  /** Writes the remembered hashes (atomically) if any changed. */
  synchronized void save() throws IOException {
    if (dirty) {
      Files.createDirectories(cacheFile.getParent());
      Json.writeAtomically(cacheFile, cache);
      dirty = false;
    }
  }

  static String sha256(InputStream in) throws IOException {
    MessageDigest sha = sha256();
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) > 0; ) {
      sha.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A missing or unreadable cache is an empty one: it only saves time, never decides a result. */
  private static Map<String, Entry> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return new TreeMap<>();
    }
    try {
      return new TreeMap<>(Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Entry>>() {}));
    } catch (IOException | RuntimeException e) {
      return new TreeMap<>();
    }
  }
}
