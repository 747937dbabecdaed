package dev.capacity.plugin.run;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/** Probes on a fixed pool of daemon threads of this JVM, taken back in completion order. */
public final class LocalProbeExecutor implements ProbeExecutor {
  private final ProbeSimulation simulation;
  private final int threads;
  private final ExecutorService pool;
  private final CompletionService<ProbeResult> completion;
  /** Coordinator thread only. */
  private final Map<Future<ProbeResult>, LocalHandle> handles = new HashMap<>();

  public LocalProbeExecutor(ProbeSimulation simulation, int threads) {
    this.simulation = simulation;
    this.threads = threads;
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "capacity-probe");
              t.setDaemon(true);
              return t;
            });
    this.completion = new ExecutorCompletionService<>(pool);
  }

  private static final class LocalHandle implements Handle {
    final ProbeTask task;
    final AtomicBoolean cancelled = new AtomicBoolean();
    Future<ProbeResult> future;

    LocalHandle(ProbeTask task) {
      this.task = task;
    }

    @Override
    public ProbeTask task() {
      return task;
    }

    @Override
    public ProbeResult result() throws ExecutionException, InterruptedException {
      return future.get();
    }

    @Override
    public void cancel() {
      cancelled.set(true);
    }
  }

  @Override
  public Handle submit(ProbeTask task) {
    LocalHandle handle = new LocalHandle(task);
    handle.future = completion.submit(() -> simulation.run(task, handle.cancelled::get));
    handles.put(handle.future, handle);
    return handle;
  }

  @Override
  public Handle take() throws InterruptedException {
    return handles.remove(completion.take());
  }

  @Override
  public int parallelism() {
    return threads;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
