package dev.capacity.simulator.bench;

import dev.capacity.simulator.hardware.Catalog;
import dev.capacity.simulator.timing.BatchShape;
import dev.capacity.simulator.timing.ExecutionTimeModel;
import dev.capacity.simulator.timing.ProfileRepository;
import dev.capacity.simulator.timing.TimingModels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The execution-time lookup done once per batch iteration: a mixed batch of decodes and two chunks. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TimingLookupBenchmark {
  private ExecutionTimeModel model;
  private final BatchShape shape = new BatchShape();

  @Setup
  public void setup() {
    model = TimingModels.create(Catalog.model("Meta-Llama-3-8B"), Catalog.node("h100_dgx"), 1, 1,
        ProfileRepository.classpath(), w -> {});
    shape.clear();
    for (int i = 0; i < 40; i++) {
      shape.addDecode(8000 + 37 * i);
    }
    shape.addPrefill(400, 12000);
    shape.addPrefill(72, 0);
  }

  @Benchmark
  public double stageSeconds() {
    return model.stageSeconds(shape, true);
  }
}
