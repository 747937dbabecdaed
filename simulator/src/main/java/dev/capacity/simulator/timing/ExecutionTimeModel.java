package dev.capacity.simulator.timing;

/**
 * Predicts how long one batch iteration takes on one pipeline stage of a replica. Implementations are
 * immutable after construction and shared by every simulation of a study (thread-safe reads only).
 */
public interface ExecutionTimeModel {
  /**
   * Model execution time of one pipeline stage for the batch, in seconds: the stage's layers (linear
   * operators, attention, tensor-parallel all-reduce) plus the pipeline send/recv to the next stage when
   * {@code lastStage} is false.
   */
  double stageSeconds(BatchShape batch, boolean lastStage);
}
