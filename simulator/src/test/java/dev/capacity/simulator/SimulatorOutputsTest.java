package dev.capacity.simulator;

import dev.capacity.simulator.metrics.BatchLog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capacity.simulator.metrics.MetricsWriter;
import dev.capacity.simulator.workload.WorkloadSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorOutputsTest {
  @TempDir Path dir;

  private static SimulationConfig config() {
    return SimulationConfig.builder()
        .numReplicas(2)
        .router("lop_uncached")
        .prefixCaching(true)
        .trace("classpath:traces/mooncake/conversation_trace.jsonl")
        .workload(WorkloadSpec.poisson(2.0, 400, 131072, 42))
        .build();
  }

  private static List<Path> files(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  @Test
  void sameConfigurationAndSeedGiveByteIdenticalOutputFiles() throws Exception {
    for (String run : List.of("a", "b")) {
      Simulator sim = Simulator.withDefaults(); // a fresh simulator: nothing shared between the runs
      Simulator.writeOutputs(dir.resolve(run), config(), sim.run(config()));
    }
    List<Path> a = files(dir.resolve("a"));
    assertThat(a).contains(Path.of("request_metrics.csv"), Path.of("config.json"), Path.of("summary.json"),
        Path.of("plots/prefill_e2e_time.csv"), Path.of("plots/replica_prefix_cache_metrics.json"));
    assertThat(files(dir.resolve("b"))).isEqualTo(a);
    for (Path f : a) {
      assertThat(Files.readAllBytes(dir.resolve("b").resolve(f))).as(f.toString())
          .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(f)));
    }
  }

  @Test
  void requestMetricsAreLeftOutWhenNotAskedForAndEverythingElseIsTheSame() throws Exception {
    var outcome = Simulator.withDefaults().run(config());
    Simulator.writeOutputs(dir.resolve("with"), config(), outcome, true);
    Simulator.writeOutputs(dir.resolve("without"), config(), outcome, false);
    List<Path> with = files(dir.resolve("with"));
    assertThat(with).contains(Path.of("request_metrics.csv"));
    assertThat(files(dir.resolve("without")))
        .isEqualTo(with.stream().filter(f -> !f.equals(Path.of("request_metrics.csv"))).toList());
  }

  @Test
  void requestMetricsHaveTheReferenceColumnsAndQuantileTables101Rows() throws Exception {
    Simulator.writeOutputs(dir, config(), Simulator.withDefaults().run(config()));
    List<String> lines = Files.readAllLines(dir.resolve("request_metrics.csv"));
    assertThat(lines.get(0).split(",")).hasSize(25).startsWith("Request Id", "request_e2e_time")
        .endsWith("request_arrived_at", "replica");
    assertThat(lines).hasSize(401);
    assertThat(String.join(",", MetricsWriter.requestMetricsHeader())).isEqualTo(lines.get(0));
    List<String> ttft = Files.readAllLines(dir.resolve("plots/prefill_e2e_time.csv"));
    assertThat(ttft).hasSize(102);
    assertThat(ttft.get(0)).isEqualTo("cdf,prefill_e2e_time");
    assertThat(ttft.get(1)).startsWith("0.00,");
    assertThat(ttft.get(101)).startsWith("1.00,");
  }

  /**
   * The batch tables: per replica 101 quantiles of each batch quantity. Their totals agree with the
   * replicas' own counters (batches, tokens), and prompt plus decode tokens make up every batch.
   */
  @Test
  void batchTablesDescribeEveryIterationOfEveryReplica() throws Exception {
    var outcome = Simulator.withDefaults().run(config());
    Simulator.writeOutputs(dir, config(), outcome, false);
    var log = outcome.batchLog();
    long batches = 0;
    for (var r : outcome.replicas()) {
      int id = r.replica();
      assertThat(log.count(id)).isEqualTo(r.numBatches());
      assertThat(log.sum(BatchLog.Column.BATCH_NUM_TOKENS, id)).isEqualTo((double) r.numTokens());
      assertThat(log.sum(BatchLog.Column.BATCH_EXECUTION_TIME, id))
          .isCloseTo(r.busySeconds(), org.assertj.core.data.Offset.offset(1e-6));
      assertThat(log.sum(BatchLog.Column.BATCH_NUM_PREFILL_TOKENS, id)
          + log.sum(BatchLog.Column.BATCH_NUM_DECODE_TOKENS, id))
          .isEqualTo(log.sum(BatchLog.Column.BATCH_NUM_TOKENS, id));
      batches += log.count(id);
    }
    assertThat(log.size()).isEqualTo(batches);
    List<String> sizes = Files.readAllLines(dir.resolve("plots/batch_size.csv"));
    assertThat(sizes).hasSize(1 + 2 * 101);
    assertThat(sizes.get(0)).isEqualTo("replica,cdf,batch_size");
    assertThat(sizes.get(1)).startsWith("0,0.00,");
    assertThat(sizes.get(102)).startsWith("1,0.00,");
    for (String f : List.of("batch_execution_time", "batch_num_tokens", "batch_num_prefill_tokens",
        "batch_num_decode_tokens")) {
      assertThat(dir.resolve("plots/" + f + ".csv")).exists();
    }
  }

  @Test
  void badConfigurationsNameTheKeyAndWhatIsAllowed() {
    Simulator sim = Simulator.withDefaults();
    assertThatThrownBy(() -> sim.prepare(config().toBuilder().model("gpt-5").build()))
        .isInstanceOf(SimulationInputException.class).hasMessageContaining("gpt-5")
        .hasMessageContaining("Meta-Llama-3-8B");
    assertThatThrownBy(() -> sim.prepare(config().toBuilder().device("b200").build()))
        .isInstanceOf(SimulationInputException.class).hasMessageContaining("b200").hasMessageContaining("h100");
    assertThatThrownBy(() -> sim.prepare(config().toBuilder().tensorParallel(16).build()))
        .isInstanceOf(SimulationInputException.class).hasMessageContaining("16").hasMessageContaining("h100_dgx");
    assertThatThrownBy(() -> sim.prepare(config().toBuilder().router("fastest").build()))
        .isInstanceOf(SimulationInputException.class).hasMessageContaining("round_robin");
    assertThatThrownBy(() -> sim.prepare(config().toBuilder().replicaScheduler("magic").build()))
        .isInstanceOf(SimulationInputException.class).hasMessageContaining("vllm_v1");
    assertThatThrownBy(() -> sim.prepare(config().toBuilder().networkDevice("a100_dgx").build()))
        .isInstanceOf(SimulationInputException.class).hasMessageContaining("a100_dgx");
  }
}
