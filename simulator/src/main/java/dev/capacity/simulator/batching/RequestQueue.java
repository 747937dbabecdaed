package dev.capacity.simulator.batching;

import dev.capacity.simulator.engine.Request;

/** A replica's waiting queue (reference §5). */
public interface RequestQueue {
  void push(Request request);

  /** The next request to admit, or null when empty. */
  Request peek();

  Request pop();

  int size();

  default boolean isEmpty() {
    return size() == 0;
  }

  /** Queue disciplines by the names users write in YAML. */
  static RequestQueue create(String name) {
    switch (name) {
      case "fcfs":
        return new RequestHeap(false);
      case "edf":
        return new RequestHeap(true);
      default:
        throw new dev.capacity.simulator.SimulationInputException(
            "unknown request queue '" + name + "'; allowed: fcfs, edf");
    }
  }
}
