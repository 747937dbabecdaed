package dev.capacity.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.plugin.results.ResultsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** capacity:compare's reference: bad inputs are one line naming the parameter and the file. */
@MojoTest
class CompareMojoTest {
  @Test
  @InjectMojo(goal = "compare", pom = "classpath:/unit/search/pom.xml")
  void unsetMissingMalformedOrEmptyReferencesFailInOneLine(CompareMojo mojo) throws Exception {
    assertThatThrownBy(mojo::readReference).isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("capacity: capacity.compareTo is not set: pass -Dcapacity.compareTo=");
    Path dir = Files.createTempDirectory("compare");
    mojo.compareTo = dir.resolve("base.json").toFile();
    assertThatThrownBy(mojo::readReference).hasMessage("capacity: capacity.compareTo: no file at " + mojo.compareTo);
    Files.writeString(dir.resolve("base.json"), "{\"jobs\": [ {\"key\": ");
    assertThatThrownBy(mojo::readReference)
        .hasMessageStartingWith("capacity: capacity.compareTo: " + mojo.compareTo + " is not a results.json: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    Files.writeString(dir.resolve("base.json"), "{}");
    assertThatThrownBy(mojo::readReference).hasMessage(
        "capacity: capacity.compareTo: " + mojo.compareTo + " is not a results.json: no \"jobs\" list");
    // a run whose every search found nothing gates nothing: never a pass on nothing
    ResultsWriter.write(dir, GateMojoTest.results(GateMojoTest.qpsJob(GateMojoTest.KEY, null)));
    mojo.compareTo = dir.resolve("results.json").toFile();
    assertThatThrownBy(mojo::readReference).hasMessage("capacity: capacity.compareTo: none of the 1 job(s) in "
        + mojo.compareTo + " has a capacity, so it gates nothing");
    ResultsWriter.write(dir, GateMojoTest.results(GateMojoTest.qpsJob(GateMojoTest.KEY, 2.5)));
    assertThat(mojo.readReference().values().capacities()).isEqualTo(Map.of(GateMojoTest.KEY, 2.5));
  }

  @Test
  @InjectMojo(goal = "search", pom = "classpath:/unit/search/pom.xml")
  @MojoParameter(name = "seeds", value = "0")
  void seedsBelowOneFailInOneLine(SearchMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessage("capacity: capacity.seeds must be 1 or more (seeds per search), got 0");
  }

  @Test
  @InjectMojo(goal = "search", pom = "classpath:/unit/search/pom.xml")
  @MojoParameter(name = "seeds", value = "2")
  @MojoParameter(name = "shard", value = "1/2")
  void seedsWithAShardFail(SearchMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("capacity.seeds=2 does not combine with capacity.shard");
  }

}
