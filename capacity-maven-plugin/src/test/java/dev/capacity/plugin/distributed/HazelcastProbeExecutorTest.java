package dev.capacity.plugin.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.results.ResultsWriter;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.run.LocalProbeExecutor;
import dev.capacity.plugin.run.ProbeExecutor;
import dev.capacity.plugin.run.ProbeTask;
import dev.capacity.plugin.run.RunListener;
import dev.capacity.plugin.run.StudyRunner;
import dev.capacity.plugin.study.Study;
import dev.capacity.plugin.study.StudyReader;
import dev.capacity.simulator.Simulator;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Hazelcast members as separate JVMs on loopback run a small study (three routers, 300 requests, a
 * trace file that has to travel to them) with the same results, byte for byte, as the local pool; also
 * when one member is killed mid-study (the second test, which leaves one member). Members are separate
 * JVMs started once for both tests and killed at the end.
 */
@Tag("hazelcast")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class HazelcastProbeExecutorTest {
  static final String STUDY =
      """
      clusters:
        - device: h100
          network_device: h100_dgx
          gpus_per_node: 8
      global_schedulers:
        - scheduler: round_robin
        - scheduler: lor
        - scheduler: lop_uncached
      request_queues:
        - name: fcfs
          provider: fcfs
      replica_schedulers:
        - scheduler: vllm_v1
          chunk_size: 512
      slo_configs:
        - name: ttft_p99_10s
          type: and
          quantile: 0.99
          slos:
            - metric: prefill_e2e_time
              value: 10
        - name: ttlt_p99_60s
          type: and
          quantile: 0.99
          slos:
            - metric: request_e2e_time
              value: 60
      traces:
        - name: conversation
          trace_file: conversation_trace.jsonl
          max_seq_len: 131072
          enable_prefix_caching: true
      batch_sizes: [128]
      tp_dimensions: [1]
      pp_dimensions: [1]
      models:
        - name: Meta-Llama-3-8B
          identifier: meta-llama/Meta-Llama-3-8B
      search_configs:
        - trace: conversation
          model: Meta-Llama-3-8B
          search_for: qps
          num_replicas: 2
          qps: 1
          num_requests: 300
        - trace: conversation   # the same replicas disaggregated (1 prefill + 1 decode), with KV tiers
          model: Meta-Llama-3-8B
          search_for: qps
          num_replicas: 2
          qps: 1
          num_requests: 300
          layout:
            prefill_replicas: 1
          kv_tiers:
            cpu_gb: 8
            pool_gb: 16
      capacity:
        max_iterations: 4
        min_search_granularity: 10
      """;

  /** The study, its trace file, the local run's outputs and the members' logs; shared by the tests. */
  @TempDir static Path dir;

  private static final String cluster = "capacity-test-" + UUID.randomUUID();
  private static final List<Process> members = new ArrayList<>();
  private static List<String> addresses;
  private static StudyResults local;
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  /** Starts the members, and meanwhile runs the study locally for reference. */
  @BeforeAll
  static void membersAndLocalRun() throws Exception {
    Files.writeString(dir.resolve("capacity.yaml"), STUDY);
    try (InputStream in = Simulator.class.getClassLoader().getResourceAsStream("traces/mooncake/conversation_trace.jsonl")) {
      Files.copy(in, dir.resolve("conversation_trace.jsonl"));
    }
    List<Path> logs = startMembers(2);
    long t0 = System.nanoTime();
    local = run(dir.resolve("local"), LocalProbeExecutor::new, new ArrayList<>());
    System.out.printf("capacity: small study locally in %.1f s (while the members start)%n", (System.nanoTime() - t0) / 1e9);
    awaitCluster(logs);
  }

  @AfterAll
  static void killMembers() throws InterruptedException {
    for (Process p : members) {
      p.destroyForcibly();
    }
    for (Process p : members) {
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(1)
  void clusterResultsAreByteIdenticalToLocal() throws Exception {
    long t0 = System.nanoTime();
    StudyResults remote = run(dir.resolve("hazelcast"), HazelcastProbeExecutor.factory(addresses, cluster, 0, listener(log)), log);
    System.out.printf("capacity: small study on the 2-member loopback cluster in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    assertThat(log).anyMatch(l -> l.contains("Hazelcast cluster of 2 member(s)"));
    assertSameResults(local, "local", "hazelcast");
    assertThat(remote.jobs()).hasSize(12);
    // the layout with KV tiers ran on the members
    assertThat(remote.jobs()).filteredOn(j -> j.key().endsWith("_1P1D_cpukv8.0g_poolkv16.0g")).hasSize(6);
  }

  @Test
  @Order(2)
  void memberKilledMidStudyItsProbesRunAgainElsewhere() throws Exception {
    ProbeExecutor.Factory hazelcast = HazelcastProbeExecutor.factory(addresses, cluster, 0, listener(log));
    // kill the second member as soon as the first probe comes back
    ProbeExecutor.Factory killing =
        (simulation, parallelism) -> {
          ProbeExecutor inner = hazelcast.create(simulation, parallelism);
          return new ProbeExecutor() {
            boolean killed;

            @Override
            public Handle submit(ProbeTask task) {
              return inner.submit(task);
            }

            @Override
            public Handle take() throws InterruptedException {
              Handle h = inner.take();
              if (!killed) {
                killed = true;
                members.get(1).destroyForcibly();
              }
              return h;
            }

            @Override
            public int parallelism() {
              return inner.parallelism();
            }

            @Override
            public void close() {
              inner.close();
            }
          };
        };
    run(dir.resolve("hazelcast-killed"), killing, log);
    assertThat(log).anyMatch(l -> l.contains("left"));
    assertThat(log).anyMatch(l -> l.contains("running it again on another member"));
    assertSameResults(local, "local", "hazelcast-killed");
  }

  private static void assertSameResults(StudyResults local, String a, String b) throws IOException {
    Path x = dir.resolve(a);
    Path y = dir.resolve(b);
    assertThat(Files.readAllBytes(y.resolve("results.json"))).isEqualTo(Files.readAllBytes(x.resolve("results.json")));
    assertThat(Files.readAllBytes(y.resolve("results.csv"))).isEqualTo(Files.readAllBytes(x.resolve("results.csv")));
    // every probe folder the results name, with the owner's simulator outputs, is the same file by file
    Map<String, byte[]> left = files(x.resolve("runs"));
    Map<String, byte[]> right = files(y.resolve("runs"));
    int compared = 0;
    for (var job : local.jobs()) {
      for (var probe : job.probes()) {
        for (var e : left.entrySet()) {
          String path = "runs/" + e.getKey();
          if (path.startsWith(probe.folder() + "/")) {
            assertThat(right).as(path).containsKey(e.getKey());
            assertThat(right.get(e.getKey())).as(path).isEqualTo(e.getValue());
            compared++;
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(10);
    assertThat(left.keySet()).anyMatch(k -> k.endsWith("simulation/request_metrics.csv"));
  }

  private static Map<String, byte[]> files(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        files.put(root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
      }
    }
    return files;
  }

  private static StudyResults run(Path out, ProbeExecutor.Factory executors, List<String> log) throws Exception {
    Study study = StudyReader.read(dir.resolve("capacity.yaml"));
    StudyResults results =
        new StudyRunner(study, JobGrid.expand(study), Simulator.withDefaults(),
                new StudyRunner.Options(out, 2, true, "test", true, true), listener(log), executors)
            .run();
    ResultsWriter.write(out, results);
    return results;
  }

  private static RunListener listener(List<String> log) {
    return RunListener.collecting(log);
  }

  /** Starts n members on loopback; returns their logs. */
  private static List<Path> startMembers(int n) throws Exception {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        ports.add(s.getLocalPort());
      }
    }
    addresses = ports.stream().map(p -> "127.0.0.1:" + p).toList();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path memberLog = dir.resolve("member-" + i + ".log");
      logs.add(memberLog);
      members.add(
          new ProcessBuilder(java, "-Xmx512m", "-Dhazelcast.phone.home.enabled=false",
                  "-Djava.net.preferIPv4Stack=true", "-cp", System.getProperty("java.class.path"),
                  MemberLauncher.class.getName(), "--cluster", cluster, "--port", String.valueOf(ports.get(i)),
                  "--members", String.join(",", addresses))
              .redirectErrorStream(true)
              .redirectOutput(memberLog.toFile())
              .start());
    }
    return logs;
  }

  /** Waits (60 s at most) until every member sees them all in one cluster. */
  private static void awaitCluster(List<Path> logs) throws Exception {
    int n = logs.size();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      boolean formed = true;
      for (Path l : logs) {
        formed &= Files.exists(l) && Files.readString(l).contains("Members {size:" + n);
      }
      if (formed) {
        return;
      }
      for (int i = 0; i < n; i++) {
        if (!members.get(i).isAlive()) {
          throw new IllegalStateException("member " + i + " exited:\n" + Files.readString(logs.get(i)));
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no cluster of " + n + " within 60 s:\n" + Files.readString(logs.get(0)));
      }
      Thread.sleep(200);
    }
  }
}
