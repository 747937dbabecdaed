package dev.capacity.plugin.run;

import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Progress lines for the Maven log, from the coordinating thread only: one line per finished search
 * (short label, not the key), and a summary every ~10 % of searches, every ~10 % of the estimated
 * probes or every 15 s, whichever comes first. Searches finish late (a search is a chain of probes), so
 * the summary counts probes too, and its ETA comes from the work left: the probes the unfinished
 * searches still need (an estimate from their brackets) at the pace probes were simulated so far
 * (elapsed / simulated = mean probe time / threads while the pool is busy).
 */
final class Progress {
  private final int total;
  private final RunListener listener;
  private final LongSupplier clock;
  private final long start;
  private final IntSupplier remainingProbes;
  private int done;
  private int simulated;
  private int reused;
  private long lastReport;
  private int lastReportedDone;
  private int lastReportedProbes;

  /**
   * @param remainingProbes an estimate of the probes the unfinished searches still need
   */
  Progress(int total, RunListener listener, IntSupplier remainingProbes) {
    this(total, listener, remainingProbes, System::nanoTime);
  }

  /** @param clock nanoseconds (tests pass their own) */
  Progress(int total, RunListener listener, IntSupplier remainingProbes, LongSupplier clock) {
    this.total = total;
    this.listener = listener;
    this.remainingProbes = remainingProbes;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.lastReport = start;
  }

  void probeSimulated() {
    simulated++;
    maybeReport();
  }

  void probeReused() {
    reused++;
  }

  /** @param label the job's short label ({@link dev.capacity.plugin.results.JobLabels}) */
  void searchDone(String label, String what) {
    done++;
    listener.info(String.format(Locale.ROOT, "[%d/%d] %s: %s", done, total, label, what));
    maybeReport();
  }

  private void maybeReport() {
    long now = clock.getAsLong();
    boolean tenPercent = (done - lastReportedDone) * 10 >= total && done > lastReportedDone;
    int probes = simulated + reused;
    // a tenth of the probes known so far, so a study whose searches all end late still reports
    boolean probeTenth = probes - lastReportedProbes >= Math.max(10, (probes + remainingProbes.getAsInt()) / 10);
    if (tenPercent || probeTenth || now - lastReport > 15_000_000_000L) {
      lastReport = now;
      lastReportedDone = done;
      lastReportedProbes = probes;
      listener.info(summary(now));
    }
  }

  String summary(long now) {
    double elapsed = (now - start) / 1e9;
    String eta = "";
    if (simulated > 0 && done < total) {
      int left = remainingProbes.getAsInt();
      eta = String.format(Locale.ROOT, ", ETA %s (~%d probe(s) left at %s each)", duration(elapsed / simulated * left),
          left, seconds(elapsed / simulated));
    }
    return String.format(Locale.ROOT, "capacity: %d/%d searches done, %d probes simulated, %d reused (%d run), %s"
        + " elapsed%s", done, total, simulated, reused, simulated + reused, duration(elapsed), eta);
  }

  void finish() {
    if (lastReportedDone != done || done == 0) {
      listener.info(summary(clock.getAsLong()));
    }
    // the memory budget is part of what a study costs: report it with the time
    listener.info("capacity: " + HeapPeak.describe());
  }

  private static String seconds(double s) {
    return s >= 10 ? String.format(Locale.ROOT, "%.0f s", s) : String.format(Locale.ROOT, "%.2g s", s);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
  }
}
