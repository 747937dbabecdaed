package dev.capacity.simulator.batching;

import dev.capacity.simulator.engine.Request;
import java.util.Arrays;

/**
 * Binary min-heap of requests keyed by (key, request id): arrival time for FCFS, prefill deadline for EDF.
 * A restarted request keeps its arrival time and deadline, so it re-enters near the head.
 *
 * <p>Keys and ids sit in primitive arrays beside the requests: a preempted request sifts up through a
 * queue of thousands, and comparing through the request objects cost a cache miss per level.
 */
final class RequestHeap implements RequestQueue {
  private final boolean byDeadline;
  private Request[] heap = new Request[64];
  private double[] keys = new double[64];
  private int[] ids = new int[64];
  private int size;

  RequestHeap(boolean byDeadline) {
    this.byDeadline = byDeadline;
  }

  /** Entry i goes before a request with key k and id id. */
  private boolean before(int i, double k, int id) {
    double ki = keys[i];
    return ki < k || (ki == k && ids[i] < id);
  }

  private void set(int i, Request r, double k, int id) {
    heap[i] = r;
    keys[i] = k;
    ids[i] = id;
  }

  private void move(int from, int to) {
    heap[to] = heap[from];
    keys[to] = keys[from];
    ids[to] = ids[from];
  }

  @Override
  public void push(Request request) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
      keys = Arrays.copyOf(keys, size * 2);
      ids = Arrays.copyOf(ids, size * 2);
    }
    double k = byDeadline ? request.prefillDeadline() : request.arrivedAt();
    int id = request.id();
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (before(parent, k, id)) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    set(i, request, k, id);
  }

  @Override
  public Request peek() {
    return size == 0 ? null : heap[0];
  }

  @Override
  public Request pop() {
    if (size == 0) {
      return null;
    }
    Request top = heap[0];
    int last = --size;
    Request lastRequest = heap[last];
    double k = keys[last];
    int id = ids[last];
    heap[last] = null;
    if (size > 0) {
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && before(child + 1, keys[child], ids[child])) {
          child++;
        }
        if (!before(child, k, id)) {
          break;
        }
        move(child, i);
        i = child;
      }
      set(i, lastRequest, k, id);
    }
    return top;
  }

  @Override
  public int size() {
    return size;
  }
}
