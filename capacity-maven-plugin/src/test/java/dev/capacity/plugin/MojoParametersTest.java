package dev.capacity.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** Wiring of the goals' parameters and defaults through the plugin descriptor. */
@MojoTest
class MojoParametersTest {

  @Test
  @InjectMojo(goal = "search", pom = "classpath:/unit/search/pom.xml")
  void searchDefaults(SearchMojo mojo) {
    assertThat(mojo.config.getName()).isEqualTo("capacity.yaml");
    assertThat(mojo.outputDirectory.getPath().replace('\\', '/')).endsWith("target/capacity");
    assertThat(mojo.baseline.getPath().replace('\\', '/')).endsWith("src/capacity/baseline.json");
    assertThat(mojo.threads).isZero();
    assertThat(mojo.tolerance).isEqualTo(0.02);
    assertThat(mojo.failOnRegression).isTrue();
    assertThat(mojo.failOnMissingBaseline).isFalse();
    assertThat(mojo.writeRequestMetrics).isTrue();
    assertThat(mojo.skip).isFalse();
    assertThat(mojo.seed).isNull();
    assertThat(mojo.executor).isEqualTo("local");
    assertThat(mojo.hazelcastAddresses).isEqualTo("127.0.0.1:5701");
    assertThat(mojo.hazelcastClusterName).isEqualTo("dev");
  }

  @Test
  @InjectMojo(goal = "search", pom = "classpath:/unit/search/pom.xml")
  @MojoParameter(name = "executor", value = "spark")
  void unknownExecutorFailsNamingTheChoices(SearchMojo mojo) {
    assertThatThrownBy(mojo::executors)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("local or hazelcast");
  }

  @Test
  @InjectMojo(goal = "search", pom = "classpath:/unit/search/pom.xml")
  @MojoParameter(name = "threads", value = "3")
  @MojoParameter(name = "tolerance", value = "0.05")
  @MojoParameter(name = "failOnRegression", value = "false")
  @MojoParameter(name = "seed", value = "7")
  void searchParametersAreSettable(SearchMojo mojo) {
    assertThat(mojo.threads).isEqualTo(3);
    assertThat(mojo.tolerance).isEqualTo(0.05);
    assertThat(mojo.failOnRegression).isFalse();
    assertThat(mojo.seed).isEqualTo(7L);
  }

  @Test
  @InjectMojo(goal = "search", pom = "classpath:/unit/search/pom.xml")
  @MojoParameter(name = "skip", value = "true")
  void skipDoesNothing(SearchMojo mojo) throws Exception {
    mojo.execute(); // no study file exists: would fail if not skipped
  }

  @Test
  @InjectMojo(goal = "search", pom = "classpath:/unit/search/pom.xml")
  @MojoParameter(name = "config", value = "does-not-exist.yaml")
  void missingStudyFileFailsWithAClearMessage(SearchMojo mojo) {
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("no study file at")
        .hasMessageContaining("capacity.config");
  }

  @Test
  @InjectMojo(goal = "simulate", pom = "classpath:/unit/search/pom.xml")
  void simulateDefaults(SimulateMojo mojo) {
    assertThat(mojo.job).isEqualTo("0");
    assertThat(mojo.qps).isNull();
    assertThat(mojo.replicas).isNull();
  }

  @Test
  @InjectMojo(goal = "update-baseline", pom = "classpath:/unit/search/pom.xml")
  void updateBaselineNeedsResults(UpdateBaselineMojo mojo) {
    assertThat(mojo.baseline.getPath().replace('\\', '/')).endsWith("src/capacity/baseline.json");
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("run mvn verify");
  }

  @Test
  @InjectMojo(goal = "merge", pom = "classpath:/unit/search/pom.xml")
  void mergeWithoutShardsFailsNamingWhatItLookedFor(MergeMojo mojo) {
    assertThat(mojo.shards).isNull();
    assertThat(mojo.baseline.getPath().replace('\\', '/')).endsWith("src/capacity/baseline.json");
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("shard-*-of-*")
        .hasMessageContaining("no shard outputs to merge");
  }

  @Test
  @InjectMojo(goal = "search", pom = "classpath:/unit/search/pom.xml")
  @MojoParameter(name = "shard", value = "4/3")
  void aShardOutOfRangeFails(SearchMojo mojo) {
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("1 <= K <= N");
  }
}
