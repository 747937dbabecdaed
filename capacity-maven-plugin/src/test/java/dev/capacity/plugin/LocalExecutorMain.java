package dev.capacity.plugin;

import dev.capacity.plugin.grid.JobGrid;
import dev.capacity.plugin.run.RunListener;
import dev.capacity.plugin.run.StudyRunner;
import dev.capacity.plugin.study.Study;
import dev.capacity.plugin.study.StudyReader;
import dev.capacity.simulator.Simulator;
import java.nio.file.Path;

/**
 * Runs a study through {@link SearchMojo#executors()} with the default executor, for
 * {@link LocalExecutorLoadsNoHazelcastTest}: {@code LocalExecutorMain <study> <output dir>}.
 */
public final class LocalExecutorMain {
  public static void main(String[] args) throws Exception {
    SearchMojo mojo = new SearchMojo();
    mojo.executor = "local";
    Study study = StudyReader.read(Path.of(args[0]));
    RunListener quiet = new RunListener() {
      @Override public void info(String message) {}
      @Override public void warn(String message) {}
      @Override public void debug(String message) {}
      @Override public boolean isDebugEnabled() { return false; }
    };
    new StudyRunner(study, JobGrid.expand(study), Simulator.withDefaults(),
            new StudyRunner.Options(Path.of(args[1]), 2, false, "test", true, true), quiet, mojo.executors())
        .run();
    System.out.println("capacity: local study done");
  }
}
