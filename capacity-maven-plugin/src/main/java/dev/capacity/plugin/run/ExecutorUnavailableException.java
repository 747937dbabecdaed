package dev.capacity.plugin.run;

/** A {@link ProbeExecutor} could not start (e.g. no cluster to join); the Mojo reports it without a stack trace. */
public final class ExecutorUnavailableException extends RuntimeException {
  public ExecutorUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
