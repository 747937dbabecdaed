package dev.capacity.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.plugin.results.SeedSpread;
import dev.capacity.plugin.results.StudyResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** The gate writes junit.xml and summary.md before it fails, and capacity.gateOnNoise reaches it. */
@MojoTest
class GateCiOutputsTest {
  private static Path baseline(MergeMojo mojo, double value) throws Exception {
    Path dir = Files.createTempDirectory("gate-ci");
    mojo.baseline = Files.writeString(dir.resolve("baseline.json"),
        "{\"schemaVersion\":1,\"capacities\":{\"" + GateMojoTest.KEY + "\":" + value + "}}").toFile();
    return dir;
  }

  @Test
  @InjectMojo(goal = "merge", pom = "classpath:/unit/search/pom.xml")
  void aBaselineMatchingNoJobIsAFailedGateCaseInJunitXml(MergeMojo mojo) throws Exception {
    Path dir = Files.createTempDirectory("gate-ci");
    mojo.baseline = Files.writeString(dir.resolve("baseline.json"),
        "{\"schemaVersion\":1,\"capacities\":{\"" + GateMojoTest.OLD_KEY + "\":2.5}}").toFile();
    assertThatThrownBy(() -> mojo.publishAndGate(dir.resolve("out"),
        GateMojoTest.results(GateMojoTest.qpsJob(GateMojoTest.KEY, 2.5)), 1))
        .isInstanceOf(MojoFailureException.class);
    String junit = Files.readString(dir.resolve("out/junit.xml"));
    assertThat(junit).contains("tests=\"2\" failures=\"1\" errors=\"0\"", "<testcase classname=\"capacity\" name=\"capacity gate\">",
        "matches none of the study&apos;s 1 job(s)");
    assertThat(Files.readString(dir.resolve("out/summary.md"))).startsWith("## Capacity: gate failed");
  }

  @Test
  @InjectMojo(goal = "merge", pom = "classpath:/unit/search/pom.xml")
  void aLossWithinTheSeedSpreadPassesOnlyWithGateOnNoise(MergeMojo mojo) throws Exception {
    // 2.5 against 2.8: -10.7 %, beyond the 2 % tolerance, within the 20 % the seeds moved
    StudyResults r = GateMojoTest.results(GateMojoTest.qpsJob(GateMojoTest.KEY, 2.5))
        .withSeedSpread(SeedSpread.of(List.of(42L, 43L), List.of(
            GateMojoTest.results(GateMojoTest.qpsJob(GateMojoTest.KEY, 2.5)),
            GateMojoTest.results(GateMojoTest.qpsJob(GateMojoTest.KEY, 3.05)))));
    Path dir = baseline(mojo, 2.8);
    mojo.tolerance = 0.02;
    mojo.failOnRegression = true;
    assertThatThrownBy(() -> mojo.publishAndGate(dir.resolve("out"), r, 1))
        .hasMessageContaining("(-10.71%, tolerance 2.00%)");
    assertThat(Files.readString(dir.resolve("out/junit.xml"))).contains("failures=\"1\"");
    mojo.gateOnNoise = true;
    mojo.publishAndGate(dir.resolve("out"), r, 1);
    assertThat(Files.readString(dir.resolve("out/junit.xml"))).contains("failures=\"0\"",
        "Capacity unchanged within seed spread for ");
    assertThat(Files.readString(dir.resolve("out/summary.md"))).contains("| Seed spread |",
        "or the job's seed spread when larger.");
  }
}
