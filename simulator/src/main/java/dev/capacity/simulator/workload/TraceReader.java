package dev.capacity.simulator.workload;

import dev.capacity.simulator.SimulationInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a request trace into a {@link Trace}, choosing the format by file extension. No conversion step:
 * users' own Vidur CSVs and Mooncake JSONL files are read as they are (design §2).
 *
 * <h2>{@code .csv}: Vidur processed trace</h2>
 * Header row required. Columns {@code num_prefill_tokens} and {@code num_decode_tokens} (positive integers)
 * are required; {@code arrived_at} (seconds, finite, non-negative), {@code block_hash_ids} (a JSON list of
 * integers with exactly floor((P + D) / block_size) entries), {@code block_size} (must be 16) and
 * {@code session_id} (integer) are optional; other columns are ignored. Hashes and session ids are taken as
 * given.
 *
 * <h2>{@code .jsonl}: Mooncake FAST'25 trace</h2>
 * One JSON object per line: {@code timestamp} (ms, becomes arrival seconds = timestamp / 1000),
 * {@code input_length} P, {@code output_length} D (positive integers) and {@code hash_ids}: ids of the
 * prompt's 512-token blocks, exactly ceil(P / 512) of them, each in [0, 2^32). Blank lines are skipped.
 *
 * <p><b>Expansion to 16-token KV block ids</b> (design §5). A request gets exactly floor((P + D) / 16) ids:
 * <ol>
 *   <li>Prompt sub-blocks: the s-th 16-token block (s = 0 .. floor(P / 16) − 1, i.e. only those lying wholly
 *       inside the prompt) lies in 512-block j = s / 32 at position k = s mod 32 and gets id
 *       {@code hash_ids[j] * 32 + k}. The map (h, k) → 32h + k is injective for k < 32, so distinct
 *       (block, position) pairs never collide, and two requests whose prompts share a 512-block share all of
 *       its full sub-block ids. A trailing partial 512-block contributes only its full 16-token sub-blocks.</li>
 *   <li>The remaining floor((P + D) / 16) − floor(P / 16) ids cover the output and the block that straddles the
 *       prompt's last partial 16 tokens and the output. Each is fresh: minted from one counter that starts at
 *       32 × (largest hash id in the file + 1), above every prompt id, and is never reused, so no other
 *       request (nor any prompt block) ever shares an output id.</li>
 * </ol>
 *
 * <p><b>Session inference.</b> Mooncake traces carry no session field. A request continues a session when its
 * 512-block hash chain starts with the whole hash chain of an earlier request (an equal chain counts); among
 * such earlier requests the one with the longest chain wins, and among equally long (hence identical) chains
 * the most recent. It then takes that request's session id; otherwise it starts a new session. Session ids are
 * 0, 1, 2, ... in order of first appearance. Implemented with a trie of chains, O(total blocks).
 */
public final class TraceReader {
  private TraceReader() {}

  /** Reads {@code file}; {@code .csv} is a Vidur processed trace, {@code .jsonl} a Mooncake trace. */
  public static Trace read(Path file) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    Format format = formatOf(file.toString(), name);
    if (!Files.isRegularFile(file)) {
      throw new SimulationInputException(file + ": trace file not found (expected a readable .csv or .jsonl file)");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(file.toString(), in, format);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + file, e);
    }
  }

  /** Reads a trace bundled on the classpath, e.g. {@code "traces/mooncake/conversation_trace.jsonl"}. */
  public static Trace readResource(String classpathResource) {
    String path = classpathResource.startsWith("/") ? classpathResource.substring(1) : classpathResource;
    Format format = formatOf(path, path);
    ClassLoader loader = TraceReader.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new SimulationInputException(
            "classpath:" + path + ": no such bundled trace (bundled traces live under traces/mooncake/ and traces/vidur/)");
      }
      return read("classpath:" + path, in, format);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled trace " + path, e);
    }
  }

  private enum Format { VIDUR_CSV, MOONCAKE_JSONL }

  private static Format formatOf(String source, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return Format.VIDUR_CSV;
    }
    if (lower.endsWith(".jsonl")) {
      return Format.MOONCAKE_JSONL;
    }
    throw new SimulationInputException(
        source + ": unknown trace format; allowed: .csv (Vidur processed trace) or .jsonl (Mooncake trace)");
  }

  private static Trace read(String source, InputStream in, Format format) throws IOException {
    return format == Format.VIDUR_CSV ? VidurCsvReader.read(source, in) : MooncakeJsonlReader.read(source, in);
  }
}
