package dev.capacity.plugin.bench;

import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.results.StudyResults;
import dev.capacity.plugin.run.HeapPeak;
import dev.capacity.plugin.run.RunListener;
import dev.capacity.plugin.run.StudyRunner;
import dev.capacity.plugin.study.Study;
import dev.capacity.plugin.study.StudyReader;
import dev.capacity.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bench main for a whole study, without Maven around it: wall time, probes, and the peak heap the JVM
 * used (sum of the heap pools' peaks).
 *
 * <p>{@code ./mvnw -B -pl capacity-maven-plugin -Pbench verify -DskipTests
 * -Dstudy=examples/seed-study/capacity.yaml [-Dthreads=2] [-DearlyStop=true] [-Dspeculate=true]}
 */
public final class StudyBench {
  public static void main(String[] args) throws Exception {
    Path yaml = Path.of(args.length > 0 ? args[0] : "examples/quickstart/capacity.yaml").toAbsolutePath();
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    boolean earlyStop = args.length <= 2 || Boolean.parseBoolean(args[2]);
    boolean speculate = args.length <= 3 || Boolean.parseBoolean(args[3]);
    Path out = Files.createTempDirectory("study-bench");
    Study study = StudyReader.read(yaml);
    long start = System.nanoTime();
    StudyResults results =
        new StudyRunner(study, JobGrid.expand(study), Simulator.withDefaults(),
                new StudyRunner.Options(out, threads, false, "bench", earlyStop, speculate),
                new RunListener() {
                  @Override
                  public void info(String message) {
                    if (message.contains("searches done")) {
                      System.out.println(message);
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
                })
            .run();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(java.util.Locale.ROOT,
        "study %s: %d jobs in %.1f s wall with %d threads (early stop %s, speculation %s); peak heap %d MB;"
            + " max heap %d MB; %d cores%n",
        yaml.getFileName(), results.jobs().size(), seconds, threads, earlyStop, speculate,
        HeapPeak.peakMegabytes(), HeapPeak.maxMegabytes(), Runtime.getRuntime().availableProcessors());
  }

  private StudyBench() {}
}
