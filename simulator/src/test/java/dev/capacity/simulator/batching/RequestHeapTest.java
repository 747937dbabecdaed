package dev.capacity.simulator.batching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capacity.simulator.engine.Request;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The waiting queue against the JDK's priority queue, with ties on the key broken by request id. */
class RequestHeapTest {
  @Test
  void popsInArrivalThenIdOrderLikeAPriorityQueue() {
    SplittableRandom rnd = new SplittableRandom(7);
    RequestHeap heap = new RequestHeap(false);
    PriorityQueue<Request> model =
        new PriorityQueue<>(Comparator.comparingDouble(Request::arrivedAt).thenComparingInt(Request::id));
    int nextId = 0;
    for (int step = 0; step < 20_000; step++) {
      if (rnd.nextInt(3) < 2 || model.isEmpty()) {
        // few distinct arrival times, so ties are common; ids arrive out of order too
        Request r = Request.forTest(nextId++ * 7919 % 100_003, rnd.nextInt(50), 10, 1, -1);
        heap.push(r);
        model.add(r);
      } else {
        assertThat(heap.peek()).as("step %d", step).isSameAs(model.peek());
        assertThat(heap.pop()).as("step %d", step).isSameAs(model.poll());
      }
      assertThat(heap.size()).isEqualTo(model.size());
    }
    while (!model.isEmpty()) {
      assertThat(heap.pop()).isSameAs(model.poll());
    }
    assertThat(heap.pop()).isNull();
    assertThat(heap.peek()).isNull();
  }
}
