package dev.capacity.plugin.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * SHA-256 over the compiled classes (name and bytes of every {@code .class}, sorted by name) of the
 * jar or class folder a class was loaded from: the simulator's and plugin's code, and a study's own
 * routers and replica schedulers. Class bytes, not the jar's, so rebuilding unchanged sources keeps the
 * digest (javac is deterministic; zip time stamps are not). Resources (bundled profiles and traces) are
 * digested by content where they are used.
 */
final class CodeDigests {
  private final Map<String, String> byLocation = new ConcurrentHashMap<>();

  /** The digest of the code {@code type} was loaded from, or "unknown:<name>" without a code source. */
  String of(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return "unknown:" + type.getName();
    }
    Path location;
    try {
      location = Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return "unknown:" + source.getLocation();
    }
    return byLocation.computeIfAbsent(location.toString(), k -> digest(location));
  }

  private static String digest(Path location) {
    MessageDigest sha = TraceDigests.sha256();
    try {
      if (Files.isDirectory(location)) {
        List<Path> classes = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(location)) {
          walk.filter(p -> p.toString().endsWith(".class")).forEach(classes::add);
        }
        List<String> names = new ArrayList<>();
        for (Path p : classes) {
          names.add(location.relativize(p).toString().replace('\\', '/'));
        }
        names.sort(null);
        for (String name : names) {
          update(sha, name, Files.readAllBytes(location.resolve(name)));
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          List<String> names = new ArrayList<>();
          for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            String name = e.nextElement().getName();
            if (name.endsWith(".class")) {
              names.add(name);
            }
          }
          names.sort(null);
          for (String name : names) {
            try (InputStream in = jar.getInputStream(jar.getJarEntry(name))) {
              update(sha, name, in.readAllBytes());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read classes of " + location + ": " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void update(MessageDigest sha, String name, byte[] bytes) {
    sha.update(name.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(bytes);
  }
}
