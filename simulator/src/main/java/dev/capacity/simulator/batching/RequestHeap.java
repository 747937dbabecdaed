package dev.capacity.simulator.batching;

import dev.capacity.simulator.engine.Request;
import java.util.Arrays;

/**
 * Binary min-heap of requests keyed by (key, request id): arrival time for FCFS, prefill deadline for EDF.
 * A restarted request keeps its arrival time and deadline, so it re-enters near the head.
 */
final class RequestHeap implements RequestQueue {
  private final boolean byDeadline;
  private Request[] heap = new Request[64];
  private int size;

  RequestHeap(boolean byDeadline) {
    this.byDeadline = byDeadline;
  }

  private double key(Request r) {
    return byDeadline ? r.prefillDeadline() : r.arrivedAt();
  }

  private boolean less(Request a, Request b) {
    double ka = key(a);
    double kb = key(b);
    return ka < kb || (ka == kb && a.id() < b.id());
  }

  @Override
  public void push(Request request) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!less(request, heap[parent])) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = request;
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
    Request last = heap[--size];
    heap[size] = null;
    if (size > 0) {
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && less(heap[child + 1], heap[child])) {
          child++;
        }
        if (!less(heap[child], last)) {
          break;
        }
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }

  @Override
  public int size() {
    return size;
  }
}
