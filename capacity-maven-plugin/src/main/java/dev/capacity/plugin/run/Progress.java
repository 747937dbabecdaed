package dev.capacity.plugin.run;

import dev.capacity.plugin.grid.Job;
import java.util.Locale;

/**
 * Progress lines for the Maven log, from the coordinating thread only: one line per finished search and
 * a summary with an ETA every ~10 % of searches or 15 s, whichever comes first.
 */
final class Progress {
  private final int total;
  private final RunListener listener;
  private final long start = System.nanoTime();
  private int done;
  private int simulated;
  private int reused;
  private long lastReport = System.nanoTime();
  private int lastReportedDone;

  private final java.util.function.IntSupplier remainingProbes;

  /**
   * @param remainingProbes an estimate of the probes still to simulate (searches run in parallel and
   *     finish late, so searches done alone make a poor ETA early on)
   */
  Progress(int total, RunListener listener, java.util.function.IntSupplier remainingProbes) {
    this.total = total;
    this.listener = listener;
    this.remainingProbes = remainingProbes;
  }

  void probeSimulated() {
    simulated++;
    maybeReport();
  }

  void probeReused() {
    reused++;
  }

  void searchDone(Job job, String what) {
    done++;
    listener.info(String.format(Locale.ROOT, "[%d/%d] %s %s: %s", done, total, job.hash(), job.key(), what));
    maybeReport();
  }

  private void maybeReport() {
    long now = System.nanoTime();
    boolean tenPercent = (done - lastReportedDone) * 10 >= total && done > lastReportedDone;
    if (tenPercent || now - lastReport > 15_000_000_000L) {
      lastReport = now;
      lastReportedDone = done;
      listener.info(summary(now));
    }
  }

  private String summary(long now) {
    double elapsed = (now - start) / 1e9;
    String eta = "";
    if (simulated > 0 && done < total) {
      // probes simulated so far set the pace; the remaining estimate assumes every search runs to its
      // iteration limit, so the ETA errs long
      eta = String.format(Locale.ROOT, ", ETA %s", duration(elapsed / simulated * remainingProbes.getAsInt()));
    }
    return String.format(Locale.ROOT, "capacity: %d/%d searches done, %d probes simulated, %d reused, %s elapsed%s",
        done, total, simulated, reused, duration(elapsed), eta);
  }

  void finish() {
    if (lastReportedDone != done || done == 0) {
      listener.info(summary(System.nanoTime()));
    }
    // the memory budget is part of what a study costs: report it with the time
    listener.info("capacity: " + HeapPeak.describe());
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
  }
}
