package dev.capacity.simulator;

/**
 * Bad input given to the simulator: a malformed trace row, an unknown model or device, an impossible
 * parallelism degree, a missing profile. The message always names the file, line or key, and what is
 * allowed, so it can be shown to a user as is (no stack trace needed).
 */
public final class SimulationInputException extends RuntimeException {
  public SimulationInputException(String message) {
    super(message);
  }

  public SimulationInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
