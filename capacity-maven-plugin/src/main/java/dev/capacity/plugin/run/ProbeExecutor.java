package dev.capacity.plugin.run;

import java.util.concurrent.ExecutionException;

/**
 * Where probes run. The search coordinator ({@link StudyRunner}) only submits {@link ProbeTask}s, takes
 * them back as they finish and cancels the speculative ones no search needs; it never knows whether
 * they ran on a local thread pool ({@link LocalProbeExecutor}) or elsewhere. Called from the
 * coordinator's thread only.
 *
 * <p>A backend must leave the probe's folder ({@code runs/<owner hash>/<probe>/}, see
 * {@link ProbeStore}) in the run's output directory before its handle completes, so resume, the
 * sharers' folders and the report find it there.
 */
public interface ProbeExecutor extends AutoCloseable {
  /** Creates the executor of one run. */
  @FunctionalInterface
  interface Factory {
    /**
     * @param simulation runs one probe here, in this JVM, writing its folder (what a local backend runs)
     * @param parallelism the probes the run wants running at once
     */
    ProbeExecutor create(ProbeSimulation simulation, int parallelism);
  }

  /** A submitted probe. */
  interface Handle {
    ProbeTask task();

    /**
     * Waits for the probe: its result, or null when it was cancelled before finishing (nothing of it
     * is then written).
     *
     * @throws ExecutionException the simulation failed; the cause says why
     */
    ProbeResult result() throws ExecutionException, InterruptedException;

    /** Asks the probe to stop; it completes soon after, with a null result. */
    void cancel();
  }

  /** Starts a probe. */
  Handle submit(ProbeTask task);

  /** Waits until a submitted probe is done (finished, failed or cancelled) and returns it. */
  Handle take() throws InterruptedException;

  /** How many probes this executor runs at once; speculation fills idle slots up to it. */
  int parallelism();

  /** Stops whatever still runs; the coordinator has already waited for the probes it cares about. */
  @Override
  void close();
}
