package dev.capacity.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.plugin.run.OutputLock;
import dev.capacity.plugin.run.OutputLockTest;
import dev.capacity.plugin.run.StudyRunnerTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The goals that write an output folder take its lock first (issue 15, reproduction 5): with another
 * run (a second JVM) holding it, search and merge fail at once, naming the folder and the holder, and
 * write nothing.
 */
@MojoTest
class OutputLockMojoTest {
  private Path dir;
  private Path out;
  private Process holder;

  @BeforeEach
  void holdTheFolder() throws Exception {
    dir = Files.createTempDirectory("lock");
    out = dir.resolve("capacity");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        OutputLockTest.Holder.class.getName(), out.toString()).redirectErrorStream(true).start();
    BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    assertThat(lines.readLine()).isEqualTo("locked");
  }

  @AfterEach
  void killTheHolder() throws Exception {
    holder.destroyForcibly();
    assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  private List<String> written() throws Exception {
    try (Stream<Path> files = Files.list(out)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  @Test
  @InjectMojo(goal = "search", pom = "classpath:/unit/search/pom.xml")
  void searchFailsAtOnceWhileAnotherRunHoldsTheFolder(SearchMojo mojo) throws Exception {
    mojo.config = Files.writeString(dir.resolve("capacity.yaml"), StudyRunnerTest.STUDY).toFile();
    mojo.outputDirectory = out.toFile();
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("capacity: output folder " + out + " is in use by another run (capacity:search, pid "
            + holder.pid() + " on ");
    assertThat(written()).containsExactly(OutputLock.FILE);
  }

  @Test
  @InjectMojo(goal = "merge", pom = "classpath:/unit/search/pom.xml")
  void mergeFailsAtOnceWhileAnotherRunHoldsTheFolder(MergeMojo mojo) throws Exception {
    mojo.outputDirectory = out.toFile();
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("is in use by another run (capacity:search, pid " + holder.pid());
    assertThat(written()).containsExactly(OutputLock.FILE);
  }
}
