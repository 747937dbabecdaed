package dev.capacity.plugin.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trace checked once is not parsed again while its bytes and the parser stay the same. */
class TraceFactsTest {
  @TempDir Path dir;

  private Path trace(String name, String... rows) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, "num_prefill_tokens,num_decode_tokens\n" + String.join("\n", rows) + "\n");
    // older than the digest cache's racy window, so its hash is remembered
    Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    return f;
  }

  @Test
  void factsAreParsedOnceAndThenReadFromTheCache() throws Exception {
    Path out = dir.resolve("out");
    Path t = trace("t.csv", "10,5", "100,20");
    TraceFacts first = load(t, out);
    assertThat(first.lengths()).containsExactly(15, 120);
    assertThat(first.hasSessions()).isFalse();
    // the cache answers from now on: a doctored cache file for these bytes is believed, so the trace
    // was not parsed
    Path cached;
    try (var files = Files.list(out.resolve(TraceFacts.CACHE_DIR))) {
      cached = files.filter(p -> p.toString().endsWith(".bin")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(cached);
    bytes[bytes.length - 1] = 99; // the last length: 120 -> 99
    Files.write(cached, bytes);
    assertThat(load(t, out).lengths()).containsExactly(15, 99);
  }

  @Test
  void anEditedTraceIsParsedAgain() throws Exception {
    Path out = dir.resolve("out");
    Path t = trace("t.csv", "10,5", "100,20");
    load(t, out);
    trace("t.csv", "10,5", "100,20", "7,1");
    assertThat(load(t, out).lengths()).containsExactly(15, 120, 8);
  }

  @Test
  void aDamagedCacheFileIsParsedAgainAndRewritten() throws Exception {
    Path out = dir.resolve("out");
    Path t = trace("t.csv", "10,5");
    load(t, out);
    try (var files = Files.list(out.resolve(TraceFacts.CACHE_DIR))) {
      Files.write(files.findFirst().orElseThrow(), new byte[] {0, 0, 0, 1, 1});
    }
    assertThat(load(t, out).lengths()).containsExactly(15);
    assertThat(load(t, out).lengths()).containsExactly(15);
  }

  @Test
  void loadingAloneWritesNothing() throws Exception {
    Path out = dir.resolve("out");
    Simulator simulator = Simulator.withDefaults();
    TraceFacts.load(simulator, trace("t.csv", "10,5").toString(), new ProbeFingerprints(simulator, out), out);
    assertThat(out.resolve(TraceFacts.CACHE_DIR)).doesNotExist();
  }

  /** As a run does: load (cache or parse), then remember once the study checked out. */
  private static TraceFacts load(Path trace, Path out) {
    Simulator simulator = Simulator.withDefaults(); // a fresh one: no trace parsed in memory
    ProbeFingerprints fingerprints = new ProbeFingerprints(simulator, out);
    TraceFacts facts = TraceFacts.load(simulator, trace.toString(), fingerprints, out);
    TraceFacts.remember(java.util.Map.of(trace.toString(), facts), fingerprints, out);
    return facts;
  }
}
