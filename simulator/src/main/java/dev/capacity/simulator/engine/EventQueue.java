package dev.capacity.simulator.engine;

/**
 * Binary min-heap of events in primitive arrays, totally ordered by (time, type, sequence number): the
 * reference's (time, event type, event id) order, so a simulation is deterministic however events tie.
 */
final class EventQueue {
  static final int STAGE_END = 3;
  static final int REPLICA_SCHEDULE = 8;
  /** Disaggregated layouts: a KV transfer ends (replica: the decode replica; stage: the request id). */
  static final int TRANSFER_END = 5;

  private double[] time = new double[256];
  private long[] order = new long[256];
  private int[] replica = new int[256];
  private int[] stage = new int[256];
  private int size;
  private long sequence;

  boolean isEmpty() {
    return size == 0;
  }

  double peekTime() {
    return time[0];
  }

  void push(double t, int type, int rep, int stg) {
    if (size == time.length) {
      grow();
    }
    long ord = ((long) type << 56) | sequence++;
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!less(t, ord, time[parent], order[parent])) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    time[i] = t;
    order[i] = ord;
    replica[i] = rep;
    stage[i] = stg;
  }

  /** Removes the earliest event; its fields are then read with the {@code last*} accessors. */
  void pop() {
    lastTime = time[0];
    lastType = (int) (order[0] >>> 56);
    lastReplica = replica[0];
    lastStage = stage[0];
    size--;
    if (size == 0) {
      return;
    }
    double t = time[size];
    long ord = order[size];
    int rep = replica[size];
    int stg = stage[size];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && less(time[child + 1], order[child + 1], time[child], order[child])) {
        child++;
      }
      if (!less(time[child], order[child], t, ord)) {
        break;
      }
      move(child, i);
      i = child;
    }
    time[i] = t;
    order[i] = ord;
    replica[i] = rep;
    stage[i] = stg;
  }

  double lastTime;
  int lastType;
  int lastReplica;
  int lastStage;

  private static boolean less(double t1, long o1, double t2, long o2) {
    return t1 < t2 || (t1 == t2 && o1 < o2);
  }

  private void move(int from, int to) {
    time[to] = time[from];
    order[to] = order[from];
    replica[to] = replica[from];
    stage[to] = stage[from];
  }

  private void grow() {
    int n = time.length * 2;
    time = java.util.Arrays.copyOf(time, n);
    order = java.util.Arrays.copyOf(order, n);
    replica = java.util.Arrays.copyOf(replica, n);
    stage = java.util.Arrays.copyOf(stage, n);
  }
}
