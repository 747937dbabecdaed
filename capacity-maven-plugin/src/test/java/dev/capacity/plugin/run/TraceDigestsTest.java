package dev.capacity.plugin.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceDigestsTest {
  @TempDir Path dir;

  private static String sha(String text) throws Exception {
    return TraceDigests.sha256(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anUnchangedFileIsNotRehashedOnTheNextRun() throws Exception {
    Path trace = dir.resolve("t.csv");
    Files.writeString(trace, "a,b\n1,2\n");
    FileTime old = FileTime.fromMillis(1_600_000_000_000L);
    Files.setLastModifiedTime(trace, old);
    TraceDigests first = new TraceDigests(dir.resolve("out"));
    assertThat(first.digest(trace)).isEqualTo(sha("a,b\n1,2\n"));
    first.save();
    // same size and time stamp: the remembered hash is used (the bytes are not read again)
    Files.writeString(trace, "a,b\n9,9\n");
    Files.setLastModifiedTime(trace, old);
    assertThat(new TraceDigests(dir.resolve("out")).digest(trace)).isEqualTo(sha("a,b\n1,2\n"));
    // another time stamp: hashed again
    Files.setLastModifiedTime(trace, FileTime.fromMillis(1_600_000_001_000L));
    assertThat(new TraceDigests(dir.resolve("out")).digest(trace)).isEqualTo(sha("a,b\n9,9\n"));
  }

  @Test
  void aFileModifiedJustNowIsNotRemembered() throws Exception {
    Path trace = dir.resolve("t.csv");
    Files.writeString(trace, "a,b\n1,2\n");
    TraceDigests digests = new TraceDigests(dir.resolve("out"));
    digests.digest(trace);
    digests.save();
    // a same-size edit within the time stamp's resolution must not be masked by a remembered hash
    assertThat(dir.resolve("out").resolve(TraceDigests.CACHE_FILE)).doesNotExist();
  }

  @Test
  void aDamagedCacheIsIgnored() throws Exception {
    Path trace = dir.resolve("t.csv");
    Files.writeString(trace, "x");
    Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("out").resolve(TraceDigests.CACHE_FILE), "{ not json");
    assertThat(new TraceDigests(dir.resolve("out")).digest(trace)).isEqualTo(sha("x"));
  }
}
