package dev.capacity.plugin.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run per output folder (issue 15, reproduction 5): a second run fails at once naming the folder and
 * the holder, and a run killed with SIGKILL leaves nothing that blocks the next one. The holder is a real
 * second JVM, as a second {@code mvn verify} would be.
 */
public class OutputLockTest {
  @TempDir Path dir;

  /** Takes the lock of {@code args[0]}, says so, and holds it until killed. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      OutputLock lock = OutputLock.acquire(Path.of(args[0]), "capacity:search");
      System.out.println("locked");
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
      lock.close();
    }
  }

  @Test
  void aSecondRunFailsAtOnceAndAKilledRunNeverBlocks() throws Exception {
    Path out = dir.resolve("capacity");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Holder.class.getName(), out.toString()).redirectErrorStream(true).start();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(lines.readLine()).isEqualTo("locked");
      assertThatThrownBy(() -> OutputLock.acquire(out, "capacity:search"))
          .isInstanceOf(OutputLock.HeldException.class)
          .hasMessageContaining("output folder " + out + " is in use by another run")
          .hasMessageContaining("capacity:search, pid " + holder.pid() + " on ");
    } finally {
      holder.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    try (OutputLock lock = OutputLock.acquire(out, "capacity:search")) {
      assertThat(out.resolve(OutputLock.FILE)).exists();
    }
  }

  @Test
  void aSecondGoalOfTheSameJvmIsRefusedToo() throws Exception {
    Path out = dir.resolve("capacity");
    try (OutputLock first = OutputLock.acquire(out, "capacity:search")) {
      assertThatThrownBy(() -> OutputLock.acquire(out, "capacity:merge"))
          .isInstanceOf(OutputLock.HeldException.class)
          .hasMessageContaining("capacity:search, pid " + ProcessHandle.current().pid());
    }
    // released: the next run takes it
    OutputLock.acquire(out, "capacity:merge").close();
    assertThat(List.of(out.toFile().list())).contains(OutputLock.FILE);
  }
}
