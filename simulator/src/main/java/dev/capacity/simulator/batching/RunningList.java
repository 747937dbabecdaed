package dev.capacity.simulator.batching;

import dev.capacity.simulator.engine.Request;
import java.util.Arrays;

/** Admitted requests in admission order; removal of completed ones keeps the order. */
final class RunningList {
  private Request[] items = new Request[64];
  private int size;

  int size() { return size; }

  Request get(int i) { return items[i]; }

  void add(Request r) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    items[size++] = r;
  }

  Request removeLast() {
    Request r = items[--size];
    items[size] = null;
    return r;
  }

  Request remove(int i) {
    Request r = items[i];
    System.arraycopy(items, i + 1, items, i, size - i - 1);
    items[--size] = null;
    return r;
  }

  /** Removes {@code r} if present, keeping the order of the others. */
  void remove(Request r) {
    for (int i = 0; i < size; i++) {
      if (items[i] == r) {
        remove(i);
        return;
      }
    }
  }

  /** Drops completed requests, keeping the others in order. */
  void removeCompleted(dev.capacity.simulator.kvcache.KvCacheManager kv) {
    int w = 0;
    for (int i = 0; i < size; i++) {
      Request r = items[i];
      if (r.isCompleted()) {
        if (!r.isHandedOff()) { // a hand-over's blocks stay until its KV transfer ends (the engine frees them)
          kv.free(r.id());
        }
      } else {
        items[w++] = r;
      }
    }
    Arrays.fill(items, w, size, null);
    size = w;
  }

  /** Sorts by arrival, then id (vLLM v0 serves running decodes oldest first). */
  void sortByArrival() {
    Arrays.sort(items, 0, size, (a, b) -> {
      int c = Double.compare(a.arrivedAt(), b.arrivedAt());
      return c != 0 ? c : Integer.compare(a.id(), b.id());
    });
  }
}
