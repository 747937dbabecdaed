package dev.capacity.plugin.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 17: progress counts probes, and the ETA is the work left at the pace seen so far. */
class ProgressTest {
  private final List<String> lines = new ArrayList<>();
  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger left = new AtomicInteger(100);

  private Progress progress(int searches) {
    return new Progress(searches, RunListener.collecting(lines), left::get, now::get);
  }

  @Test
  void etaIsProbesLeftTimesTheObservedPace() {
    Progress p = progress(336);
    for (int i = 0; i < 20; i++) {
      now.addAndGet(500_000_000L); // a probe every 0.5 s (e.g. 1 s each on 2 threads)
      left.decrementAndGet();
      p.probeSimulated();
    }
    // 10 % of the probes known (100 at the start) reports before any search has ended
    assertThat(lines).isNotEmpty();
    assertThat(lines.get(0)).startsWith("capacity: 0/336 searches done, 10 probes simulated, 0 reused (10 run), 5s"
        + " elapsed, ETA 45s (~90 probe(s) left at 0.50 s each)");
    assertThat(p.summary(now.get())).isEqualTo("capacity: 0/336 searches done, 20 probes simulated, 0 reused"
        + " (20 run), 10s elapsed, ETA 40s (~80 probe(s) left at 0.50 s each)");
  }

  @Test
  void searchLinesCarryTheShortLabel() {
    Progress p = progress(2);
    p.probeReused();
    p.searchDone("3f2a9c lop_uncached 2xTP1 vllm_v1_cs512/b128", "max QPS 2.938 (7 probes)");
    assertThat(lines.get(0)).isEqualTo("[1/2] 3f2a9c lop_uncached 2xTP1 vllm_v1_cs512/b128: max QPS 2.938 (7 probes)");
    assertThat(lines.get(1)).startsWith("capacity: 1/2 searches done, 0 probes simulated, 1 reused (1 run)");
  }
}
