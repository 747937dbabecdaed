package dev.capacity.plugin.bench;

import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.run.InputChecks;
import dev.capacity.plugin.run.RunListener;
import dev.capacity.plugin.run.StudyRunner;
import dev.capacity.plugin.study.Study;
import dev.capacity.plugin.study.StudyReader;
import dev.capacity.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a rerun costs when every probe is reused, phase by phase, without Maven around it: what the
 * search goal does before its first line (simulator, study, input checks) and the runner's own run on a
 * store a first run filled. Prints milliseconds per phase.
 *
 * <p>{@code java -cp <test classpath> dev.capacity.plugin.bench.RerunTiming examples/quickstart/capacity.yaml 2}
 */
public final class RerunTiming {
  public static void main(String[] args) throws Exception {
    Path yaml = Path.of(args.length > 0 ? args[0] : "examples/quickstart/capacity.yaml").toAbsolutePath();
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Path out = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("rerun-timing");
    for (int run = 1; run <= 3; run++) {
      long t0 = System.nanoTime();
      Simulator simulator = Simulator.withDefaults();
      long t1 = System.nanoTime();
      Study study = StudyReader.read(yaml);
      long t2 = System.nanoTime();
      InputChecks.check(study, simulator); // the mojo's check while reading the study
      long t3 = System.nanoTime();
      long[] first = {0};
      new StudyRunner(study, JobGrid.expand(study), simulator,
          new StudyRunner.Options(out, threads, true, "bench"), new RunListener() {
            @Override
            public void info(String message) {
              if (first[0] == 0) {
                first[0] = System.nanoTime();
              }
              if (message.contains("searches done") || message.contains("fingerprinted") || message.contains("reuse")) {
                System.out.println("  " + message);
              }
            }

            @Override
            public void warn(String message) {}

            @Override
            public void debug(String message) {}

            @Override
            public boolean isDebugEnabled() {
              return false;
            }
          }).run();
      long t4 = System.nanoTime();
      System.out.printf(Locale.ROOT, "run %d: simulator %d ms, read study %d ms, input checks %d ms, runner to its"
              + " first line %d ms, runner total %d ms, all %d ms (%d threads, %d cores)%n", run, ms(t1 - t0),
          ms(t2 - t1), ms(t3 - t2), ms(first[0] - t3), ms(t4 - t3), ms(t4 - t0), threads,
          Runtime.getRuntime().availableProcessors());
    }
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private RerunTiming() {}
}
