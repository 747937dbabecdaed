package dev.capacity.simulator.workload;

import java.util.Arrays;

/** Growable primitive columns used while parsing, so a 12k-row trace never boxes a value. */
final class GrowableColumns {
  private GrowableColumns() {}

  static final class Longs {
    private long[] data = new long[1024];
    private int size;

    void add(long v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }

    int size() {
      return size;
    }

    long get(int i) {
      return data[i];
    }

    long[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }

  static final class Ints {
    private int[] data = new int[1024];
    private int size;

    void add(int v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }

    void set(int i, int v) {
      data[i] = v;
    }

    int size() {
      return size;
    }

    int get(int i) {
      return data[i];
    }

    int[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }

  static final class Doubles {
    private double[] data = new double[1024];
    private int size;

    void add(double v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }

    double[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
