package dev.capacity.simulator.hardware;

import dev.capacity.simulator.SimulationInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Storage precision of weights or of the KV cache. {@code bf16} and {@code fp16} take 2 bytes per value,
 * {@code fp8} (E4M3, as vLLM's {@code quantization: fp8} and {@code kv_cache_dtype: fp8}) takes 1.
 */
public enum Dtype {
  BF16(2),
  FP16(2),
  FP8(1);

  private final int bytes;

  Dtype(int bytes) {
    this.bytes = bytes;
  }

  public int bytes() {
    return bytes;
  }

  /** The YAML spelling: {@code bf16}, {@code fp16}, {@code fp8}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws SimulationInputException naming the allowed spellings */
  public static Dtype parse(String key, String value) {
    for (Dtype d : values()) {
      if (d.yamlName().equals(value)) {
        return d;
      }
    }
    throw new SimulationInputException(key + " '" + value + "' is not a precision; allowed: "
        + Arrays.stream(values()).map(Dtype::yamlName).collect(Collectors.joining(", ")));
  }
}
