package dev.capacity.simulator.workload;

import dev.capacity.simulator.SimulationInputException;

/** One message shape for every bad trace row: where (file, line, column), what was found, what is allowed. */
final class TraceErrors {
  private TraceErrors() {}

  static SimulationInputException at(String source, long line, String column, String problem, String expected) {
    return new SimulationInputException(
        source + ": line " + line + ": column '" + column + "': " + problem + "; expected " + expected);
  }

  static SimulationInputException empty(String source, String expected) {
    return new SimulationInputException(source + ": trace is empty; expected " + expected);
  }
}
