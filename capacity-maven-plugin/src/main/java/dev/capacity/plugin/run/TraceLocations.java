package dev.capacity.plugin.run;

import dev.capacity.simulator.Simulator;
import java.nio.file.Path;

/**
 * Trace files of a study: a path relative to the study, or a trace bundled with the simulator, written
 * {@code bundled:mooncake/conversation_trace.jsonl} (the name under the simulator's {@code traces/}).
 */
public final class TraceLocations {
  public static final String BUNDLED = dev.capacity.plugin.study.StudyReader.BUNDLED;

  private TraceLocations() {}

  /** The simulator's location string for a study trace path. */
  public static String location(Path traceFile) {
    String s = traceFile.toString().replace('\\', '/');
    int i = s.indexOf(BUNDLED);
    if (i >= 0) {
      return Simulator.CLASSPATH_PREFIX + "traces/" + s.substring(i + BUNDLED.length());
    }
    return traceFile.toAbsolutePath().normalize().toString();
  }
}
