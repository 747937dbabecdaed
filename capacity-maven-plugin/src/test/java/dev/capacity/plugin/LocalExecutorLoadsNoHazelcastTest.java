package dev.capacity.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.run.StudyRunnerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default executor runs a study without loading a single Hazelcast class (checked in a fresh JVM). */
class LocalExecutorLoadsNoHazelcastTest {
  @TempDir Path dir;

  @Test
  void localStudyLoadsNoHazelcastClass() throws Exception {
    Path study = dir.resolve("capacity.yaml");
    Files.writeString(study, StudyRunnerTest.STUDY);
    Path out = dir.resolve("jvm.log");
    Process p =
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
                LocalExecutorMain.class.getName(), study.toString(), dir.resolve("out").toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    String log = Files.readString(out);
    assertThat(log).contains("capacity: local study done").contains("dev.capacity.plugin.SearchMojo");
    assertThat(log).doesNotContain("com.hazelcast").doesNotContain("dev.capacity.plugin.distributed");
  }
}
