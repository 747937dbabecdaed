package dev.capacity.plugin.distributed;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.capacity.plugin.run.ExecutorUnavailableException;
import dev.capacity.plugin.run.Json;
import dev.capacity.plugin.run.ProbeExecutor;
import dev.capacity.plugin.run.ProbeResult;
import dev.capacity.plugin.run.ProbeSimulation;
import dev.capacity.plugin.run.ProbeStore;
import dev.capacity.plugin.run.ProbeTask;
import dev.capacity.plugin.run.RunListener;
import dev.capacity.simulator.Simulator;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Probes on the members of an existing Hazelcast cluster, joined as a client: each probe is a
 * {@link ProbeCall} on the named executor {@value #EXECUTOR}, sent to the least loaded member (in
 * probes per core). Members send back the simulator outputs; this coordinator publishes them through
 * its {@link ProbeStore}, so resume, sharers and the report see the same folders as after a local run.
 *
 * <p>A probe whose member left (or whose connection to it broke) is run again on another member; the
 * study goes on as long as one member remains.
 */
public final class HazelcastProbeExecutor implements ProbeExecutor {
  /** The members' executor running probes; size its pool to the member's cores. */
  public static final String EXECUTOR = "capacity-probes";
  /** A probe is re-run at most this many times after losing its member. */
  private static final int MAX_RESUBMITS = 10;
  private static final long MEMBER_QUERY_SECONDS = 60;

  private final HazelcastInstance client;
  private final IExecutorService executor;
  private final ProbeStore store;
  private final boolean earlyStop;
  private final int fixedParallelism;
  private final RunListener log;
  private final UUID membershipRegistration;
  /** Cores of every known member, kept up to date by the membership listener. */
  private final Map<UUID, Integer> cores = new ConcurrentHashMap<>();
  /** Completions posted by Hazelcast's threads; consumed by the coordinator thread. */
  private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
  // coordinator thread only, below
  private final Map<UUID, Integer> inFlight = new HashMap<>();
  private final ArrayDeque<RemoteHandle> finished = new ArrayDeque<>();
  /** Trace file path to the content hash its bytes are stored under in the cluster map. */
  private final Map<String, String> traces = new HashMap<>();

  private record Completion(RemoteHandle handle, int attempt, UUID member, ProbeCall.Output output, Throwable failure) {}

  private HazelcastProbeExecutor(
      HazelcastInstance client, ProbeStore store, boolean earlyStop, int parallelism, RunListener log) {
    this.client = client;
    this.executor = client.getExecutorService(EXECUTOR);
    this.store = store;
    this.earlyStop = earlyStop;
    this.fixedParallelism = parallelism;
    this.log = log;
    this.membershipRegistration =
        client.getCluster().addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent e) {
                queryCores(List.of(e.getMember()), false);
              }

              @Override
              public void memberRemoved(MembershipEvent e) {
                cores.remove(e.getMember().getUuid());
                log.warn("capacity: Hazelcast member " + e.getMember().getAddress()
                    + " left; its unfinished probes run again on the other members");
              }
            });
    queryCores(client.getCluster().getMembers(), true);
    if (cores.isEmpty()) {
      throw new ExecutorUnavailableException("no member of the Hazelcast cluster can run probes (see the warnings"
          + " above): are the plugin, the simulator and their dependencies on the members' class path?", null);
    }
    log.info("capacity: Hazelcast cluster of " + cores.size() + " member(s), " + coreCount()
        + " cores; running " + parallelism() + " probes at once");
  }

  /**
   * Joins the cluster as a client and returns the executor factory of a run.
   *
   * @param addresses members to connect to, {@code host:port}
   * @param parallelism probes at once; 0 means the members' total cores
   */
  public static ProbeExecutor.Factory factory(
      List<String> addresses, String clusterName, int parallelism, RunListener log) {
    return (simulation, ignored) -> connect(addresses, clusterName, simulation, parallelism, log);
  }

  /** Hazelcast logs through java.util.logging; its INFO chatter (connections, members) would flood the build. */
  private static final java.util.logging.Logger HAZELCAST_LOG = java.util.logging.Logger.getLogger("com.hazelcast");

  static HazelcastProbeExecutor connect(
      List<String> addresses, String clusterName, ProbeSimulation simulation, int parallelism, RunListener log) {
    if (HAZELCAST_LOG.getLevel() == null) {
      HAZELCAST_LOG.setLevel(java.util.logging.Level.WARNING);
    }
    ClientConfig config = new ClientConfig();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    config.getNetworkConfig().setAddresses(addresses);
    config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
    config.setInstanceName("capacity-coordinator-" + UUID.randomUUID());
    HazelcastInstance client;
    try {
      client = HazelcastClient.newHazelcastClient(config);
    } catch (RuntimeException e) {
      throw new ExecutorUnavailableException("cannot join the Hazelcast cluster '" + clusterName + "' at " + addresses
          + ": " + e.getMessage(), e);
    }
    try {
      return new HazelcastProbeExecutor(client, simulation.store(), simulation.earlyStop(), parallelism, log);
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  /** Answers its member's core count. */
  static final class Cores implements Callable<Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer call() {
      return Runtime.getRuntime().availableProcessors();
    }
  }

  private void queryCores(Iterable<Member> members, boolean wait) {
    for (Member m : members) {
      Future<Integer> f;
      try {
        f = executor.submitToMember(new Cores(), m);
      } catch (RuntimeException e) {
        continue;
      }
      if (wait) {
        try {
          cores.put(m.getUuid(), Math.max(1, f.get(MEMBER_QUERY_SECONDS, TimeUnit.SECONDS)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (Exception e) {
          log.warn("capacity: Hazelcast member " + m.getAddress() + " does not run probes: " + e);
        }
      } else {
        stage(f).whenComplete((n, e) -> {
          if (e == null && client.getCluster().getMembers().contains(m)) {
            cores.put(m.getUuid(), Math.max(1, n));
          }
        });
      }
    }
  }

  private int coreCount() {
    int sum = 0;
    for (int c : cores.values()) {
      sum += c;
    }
    return Math.max(1, sum);
  }

  private static <T> CompletionStage<T> stage(Future<T> f) {
    if (f instanceof CompletionStage<?>) {
      @SuppressWarnings("unchecked")
      CompletionStage<T> s = (CompletionStage<T>) f;
      return s;
    }
    throw new IllegalStateException("Hazelcast future is no CompletionStage: " + f.getClass());
  }

  private final class RemoteHandle implements Handle {
    final ProbeTask task;
    final ProbeCall call;
    Future<ProbeCall.Output> future;
    int attempt;
    boolean cancelled;
    boolean done;
    ProbeResult result;
    Throwable failure;

    RemoteHandle(ProbeTask task, ProbeCall call) {
      this.task = task;
      this.call = call;
    }

    @Override
    public ProbeTask task() {
      return task;
    }

    @Override
    public ProbeResult result() throws ExecutionException, InterruptedException {
      if (cancelled) {
        return null; // this coordinator writes the folders: a cancelled probe writes nothing from now on
      }
      while (!done) {
        process(completions.take());
      }
      if (failure != null) {
        throw new ExecutionException(failure.getMessage(), failure);
      }
      return result;
    }

    @Override
    public void cancel() {
      if (!cancelled && !done) {
        cancelled = true;
        Future<?> f = future;
        if (f != null) {
          try {
            f.cancel(true);
          } catch (RuntimeException ignored) {
            // its member may be gone already
          }
        }
      }
    }
  }

  @Override
  public Handle submit(ProbeTask task) {
    RemoteHandle handle = new RemoteHandle(task, new ProbeCall(task, earlyStop, store.writeRequestMetrics(), trace(task)));
    send(handle);
    return handle;
  }

  /**
   * The content hash of the probe's trace file, its bytes put in the cluster map once per run; null for a
   * trace on the simulator's class path.
   */
  private String trace(ProbeTask task) {
    String location = task.config().trace();
    if (location.startsWith(Simulator.CLASSPATH_PREFIX)) {
      return null;
    }
    return traces.computeIfAbsent(location, l -> {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(Path.of(l));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read trace " + l + ": " + e.getMessage(), e);
      }
      String hash = ProbeCall.hash(bytes);
      // kept while in use (another build may share the cluster and the trace); dropped after a day unread
      client.getMap(ProbeCall.TRACES).set(hash, bytes, 0, TimeUnit.SECONDS, 1, TimeUnit.DAYS);
      return hash;
    });
  }

  /** Sends the probe to the member with the fewest probes per core. */
  private void send(RemoteHandle handle) {
    int attempt = ++handle.attempt;
    Member target = null;
    double best = Double.MAX_VALUE;
    for (Member m : client.getCluster().getMembers()) {
      Integer c = cores.get(m.getUuid());
      if (c == null) {
        continue; // not (yet) known to run probes
      }
      double load = (double) inFlight.getOrDefault(m.getUuid(), 0) / c;
      if (load < best) {
        best = load;
        target = m;
      }
    }
    if (target == null) {
      completions.add(new Completion(handle, attempt, null, null,
          new IllegalStateException("no Hazelcast member left to run " + handle.call)));
      return;
    }
    UUID member = target.getUuid();
    inFlight.merge(member, 1, Integer::sum);
    try {
      handle.future = executor.submitToMember(handle.call, target);
      stage(handle.future).whenComplete(
          (output, e) -> completions.add(new Completion(handle, attempt, member, output, e)));
    } catch (RuntimeException e) {
      completions.add(new Completion(handle, attempt, member, null, e));
    }
  }

  /** Handles one completion on the coordinator thread: publish, re-run or fail. */
  private void process(Completion c) {
    if (c.member() != null) {
      inFlight.computeIfPresent(c.member(), (k, v) -> v > 1 ? v - 1 : null);
    }
    RemoteHandle h = c.handle();
    if (h.done || c.attempt() != h.attempt) {
      return;
    }
    if (h.cancelled) {
      finish(h, null, null);
      return;
    }
    Throwable failure = unwrap(c.failure());
    if (failure != null) {
      if (memberLost(failure) && h.attempt <= MAX_RESUBMITS) {
        log.warn("capacity: " + h.call + " lost its Hazelcast member (" + failure.getClass().getSimpleName()
            + "); running it again on another member");
        send(h);
        return;
      }
      finish(h, null, failure);
      return;
    }
    if (c.output() == null) {
      finish(h, null, null); // interrupted on its member
      return;
    }
    try {
      ProbeResult result = Json.MAPPER.readValue(c.output().probeJson(), ProbeResult.class);
      store.writeOwner(h.task.ownerHash(), h.task.probe(), h.task.config(), c.output().files(), result);
      finish(h, result, null);
    } catch (IOException | RuntimeException e) {
      finish(h, null, e);
    }
  }

  private void finish(RemoteHandle h, ProbeResult result, Throwable failure) {
    h.done = true;
    h.result = result;
    h.failure = failure;
    finished.add(h);
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException && !(t instanceof MemberLeftException))
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static boolean memberLost(Throwable t) {
    for (Throwable x = t; x != null; x = x.getCause()) {
      if (x instanceof MemberLeftException || x instanceof TargetDisconnectedException
          || x instanceof TargetNotMemberException || x instanceof HazelcastInstanceNotActiveException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Handle take() throws InterruptedException {
    while (finished.isEmpty()) {
      process(completions.take());
    }
    return finished.poll();
  }

  @Override
  public int parallelism() {
    return fixedParallelism > 0 ? fixedParallelism : coreCount();
  }

  @Override
  public void close() {
    try {
      client.getCluster().removeMembershipListener(membershipRegistration);
    } catch (RuntimeException ignored) {
      // shutting down anyway
    }
    client.shutdown();
  }
}
