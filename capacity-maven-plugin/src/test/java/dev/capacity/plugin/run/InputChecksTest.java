package dev.capacity.plugin.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.study.Problem;
import dev.capacity.plugin.study.StudyReader;
import dev.capacity.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15 items 6 and 7: inputs the simulator's catalog or the parsed trace make meaningless. */
class InputChecksTest {
  /** Ten requests of 100 + 10 tokens, except row 0 (1000 + 100) and row 1 (500 + 50). */
  static final String TRACE = "num_prefill_tokens,num_decode_tokens\n1000,100\n500,50\n"
      + "100,10\n".repeat(8);

  static final String STUDY = """
      clusters:
        - device: h100
          network_device: h100_dgx
          gpus_per_node: 8
      global_schedulers:
        - scheduler: round_robin
      request_queues:
        - name: fcfs
          provider: fcfs
      replica_schedulers:
        - scheduler: vllm_v1
          chunk_size: 512
      slo_configs:
        - name: ttft
          quantile: 0.99
          slos:
            - metric: prefill_e2e_time
              value: 10
      traces:
        - name: t
          trace_file: t.csv
          max_seq_len: 4096
          enable_prefix_caching: true
      batch_sizes: [64]
      tp_dimensions: [1]
      pp_dimensions: [1]
      models:
        - name: m
          identifier: meta-llama/Meta-Llama-3-8B
      search_configs:
        - trace: t
          model: m
          search_for: qps
          num_replicas: 2
          qps: 1
          num_requests: 10
      """;

  @TempDir Path dir;

  private InputChecks.Findings check(String yaml) throws Exception {
    return check(yaml, TRACE);
  }

  private InputChecks.Findings check(String yaml, String trace) throws Exception {
    Files.writeString(dir.resolve("t.csv"), trace);
    Path file = dir.resolve("capacity.yaml");
    Files.writeString(file, yaml);
    return InputChecks.check(StudyReader.read(file), Simulator.withDefaults());
  }

  private static List<String> located(InputChecks.Findings f) {
    return f.problems().stream().map(Problem::toString).toList();
  }

  private String at(int line, int column) {
    return dir.resolve("capacity.yaml") + ":" + line + ":" + column + ": ";
  }

  @Test
  void aValidStudyHasNoFindings() throws Exception {
    InputChecks.Findings f = check(STUDY);
    assertThat(f.problems()).isEmpty();
    assertThat(f.warnings()).isEmpty();
  }

  @Test
  void unknownModelIsReportedAtItsIdentifierKey() throws Exception {
    InputChecks.Findings f = check(STUDY.replace("meta-llama/Meta-Llama-3-8B", "org/nope"));
    assertThat(located(f)).singleElement().asString().startsWith(at(29, 17)
        + "models[0].identifier: unknown model 'org/nope'; allowed: meta-llama/Meta-Llama-3-8B");
  }

  @Test
  void unknownDeviceAndNodeAreReportedAtTheirOwnKeys() throws Exception {
    InputChecks.Findings f = check(STUDY.replace("device: h100\n", "device: h300\n")
        .replace("network_device: h100_dgx", "network_device: h100_pcie_x"));
    assertThat(located(f)).hasSize(2);
    assertThat(located(f).get(0)).startsWith(at(2, 13) + "clusters[0].device: unknown device"
        + " 'h300'; allowed: ").contains("h100");
    assertThat(located(f).get(1)).startsWith(at(3, 21) + "clusters[0].network_device: unknown"
        + " network_device 'h100_pcie_x'; allowed: ").contains("h100_dgx");

    InputChecks.Findings mismatch = check(STUDY.replace("device: h100\n", "device: a100\n"));
    assertThat(located(mismatch)).containsExactly(at(3, 21) + "clusters[0].network_device:"
        + " 'h100_dgx' has h100 GPUs but device is 'a100'; use a a100_* node type");
  }

  @Test
  void theA100FortyGbAndItsNodeAreUsableFromAStudy() throws Exception {
    String a100FortyGb = STUDY.replace("device: h100\n", "device: a100_40gb\n")
        .replace("network_device: h100_dgx", "network_device: a100_40gb_dgx");
    InputChecks.Findings f = check(a100FortyGb);
    assertThat(f.problems()).isEmpty();
    assertThat(f.warnings()).isEmpty();

    InputChecks.Findings mismatch =
        check(a100FortyGb.replace("network_device: a100_40gb_dgx", "network_device: a100_dgx"));
    assertThat(located(mismatch)).containsExactly(at(3, 21) + "clusters[0].network_device:"
        + " 'a100_dgx' has a100 GPUs but device is 'a100_40gb'; use a a100_40gb_* node type");
  }

  @Test
  void unreadableTraceIsOneProblemAtItsTraceFileKey() throws Exception {
    String twoSearches = STUDY + """
          - trace: t
            model: m
            search_for: qps
            num_replicas: 2
            qps: 2
            num_requests: 10
        """;
    InputChecks.Findings f = check(twoSearches, "prompt,output\n1,2\n");
    assertThat(located(f)).singleElement().asString().startsWith(at(21, 17)
        + "traces[0].trace_file: cannot read trace 't': ").contains("num_prefill_tokens");
    // the CSV parser's own exception (a quote never closed) is located too, not a stack trace
    InputChecks.Findings quote = check(twoSearches,
        "num_prefill_tokens,num_decode_tokens\n\"100,10\n");
    assertThat(located(quote)).containsExactly(at(21, 17) + "traces[0].trace_file: cannot read"
        + " trace 't': " + dir.resolve("t.csv") + ": (startline 2) EOF reached before encapsulated"
        + " token finished");
  }

  @Test
  void clippingMoreThanTenPercentIsAProblemAtMaxSeqLen() throws Exception {
    // rows 0 and 1 (1100 and 550 tokens) exceed 512: 2 of 10
    InputChecks.Findings f = check(STUDY.replace("max_seq_len: 4096", "max_seq_len: 512"));
    assertThat(located(f)).containsExactly(at(22, 18) + "traces[0].max_seq_len: 512 clips 2 of 10"
        + " requests (20.0 %) of trace 't' (t.csv) for search config (trace t, model m, search_for"
        + " qps) at line 31; the longest request has 1100 tokens (prompt + output); more than 10 %"
        + " clipped measures max_seq_len rather than the trace: raise max_seq_len to at least 1100,"
        + " or use a trace whose requests fit");
    // max_seq_len: 8 clips every request
    assertThat(located(check(STUDY.replace("max_seq_len: 4096", "max_seq_len: 8"))))
        .singleElement().asString().contains("max_seq_len: 8 clips 10 of 10 requests (100.0 %)");
  }

  @Test
  void clippingTenPercentOrLessStaysAWarning() throws Exception {
    // only row 0 exceeds 1000: 1 of 10 is not more than 10 %; the simulator warns at prepare time
    InputChecks.Findings f = check(STUDY.replace("max_seq_len: 4096", "max_seq_len: 1000"));
    assertThat(f.problems()).isEmpty();
  }

  @Test
  void clippingCountsTheRepeatsOfAWrappedTrace() throws Exception {
    // 20 requests: rows 0..9 twice; row 0 (1100 tokens) clipped 2 of 20, not more than 10 %
    String wrapped = STUDY.replace("max_seq_len: 4096", "max_seq_len: 1000");
    assertThat(check(wrapped.replace("num_requests: 10", "num_requests: 20")).problems()).isEmpty();
    // 25 requests: rows 0..9 twice, then rows 0..4; row 0 clipped 3 times of 25
    assertThat(located(check(wrapped.replace("num_requests: 10", "num_requests: 25"))))
        .singleElement().asString().contains("1000 clips 3 of 25 requests (12.0 %)");
    // rows 0 and 1 over 512: (2 + 2 + 2) of 25
    InputChecks.Findings two = check(STUDY.replace("max_seq_len: 4096", "max_seq_len: 512")
        .replace("num_requests: 10", "num_requests: 25"));
    assertThat(located(two)).singleElement().asString().contains("clips 6 of 25 requests (24.0 %)");
  }

  @Test
  void numRequestsAboveTheTraceRowsWarnsOfRepeatsAndPrefixCacheHits() throws Exception {
    InputChecks.Findings f = check(STUDY.replace("num_requests: 10", "num_requests: 25"));
    assertThat(f.problems()).isEmpty();
    assertThat(f.warnings()).containsExactly(at(31, 5) + "search config (trace t, model m,"
        + " search_for qps): num_requests 25 exceeds the 10 rows of trace 't' (t.csv): the trace"
        + " repeats, its rows used 2.50 times over in file order (15 of the 25 requests replay an earlier"
        + " row), and every repeat hits the prefix cache (enable_prefix_caching is on),"
        + " inflating cache hits; results.json records how many requests arrived"
        + " (requestsArrived)");
    InputChecks.Findings uncached = check(STUDY.replace("num_requests: 10", "num_requests: 25")
        .replace("enable_prefix_caching: true", "enable_prefix_caching: false"));
    assertThat(uncached.warnings()).singleElement().asString()
        .contains("the trace repeats, its rows used 2.50 times over in file order (15 of the 25 requests"
            + " replay an earlier row);").doesNotContain("prefix cache");
  }
}
