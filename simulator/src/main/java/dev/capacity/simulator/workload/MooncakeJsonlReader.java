package dev.capacity.simulator.workload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Mooncake JSONL parsing (the format and the 16-token expansion are documented on {@link TraceReader}).
 * A streaming parser per line keeps the 12k-row conversation trace well under a second.
 */
final class MooncakeJsonlReader {
  /** Mooncake hash ids name 512-token blocks; the simulator's KV cache uses 16-token blocks. */
  static final int MOONCAKE_BLOCK = 512;
  static final int KV_BLOCK = 16;
  static final int SUB_BLOCKS = MOONCAKE_BLOCK / KV_BLOCK;
  private static final long MAX_HASH_ID = 0xFFFF_FFFFL;

  private static final JsonFactory JSON = new JsonFactory();
  private static final String EXPECTED_LINE =
      "one JSON object per line: {\"timestamp\": <ms>, \"input_length\": <int >= 1>, "
          + "\"output_length\": <int >= 1>, \"hash_ids\": [<int>, ...]}";

  private MooncakeJsonlReader() {}

  static Trace read(String source, InputStream in) throws IOException {
    GrowableColumns.Doubles arrivals = new GrowableColumns.Doubles();
    GrowableColumns.Ints prefill = new GrowableColumns.Ints();
    GrowableColumns.Ints decode = new GrowableColumns.Ints();
    GrowableColumns.Longs chains = new GrowableColumns.Longs();
    GrowableColumns.Ints chainOffsets = new GrowableColumns.Ints();
    chainOffsets.add(0);
    long maxHash = -1;

    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    Row row = new Row();
    long lineNo = 0;
    for (String line; (line = reader.readLine()) != null; ) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      row.reset();
      parseLine(source, lineNo, line, row, chains);
      int numChain = chains.size() - chainOffsets.get(chainOffsets.size() - 1);
      int expectedChain = (row.input + MOONCAKE_BLOCK - 1) / MOONCAKE_BLOCK;
      if (numChain != expectedChain) {
        throw TraceErrors.at(source, lineNo, "hash_ids", "has " + numChain + " ids for input_length " + row.input,
            "ceil(input_length / 512) = " + expectedChain + " ids, one per 512-token prompt block");
      }
      for (int i = chains.size() - numChain; i < chains.size(); i++) {
        maxHash = Math.max(maxHash, chains.get(i));
      }
      arrivals.add(row.timestampMs / 1000.0);
      prefill.add(row.input);
      decode.add(row.output);
      chainOffsets.add(chains.size());
    }
    int n = prefill.size();
    if (n == 0) {
      throw TraceErrors.empty(source, EXPECTED_LINE);
    }
    int[] p = prefill.toArray();
    int[] d = decode.toArray();
    long[] chain = chains.toArray();
    int[] chainOff = chainOffsets.toArray();

    int[] hashOffsets = new int[n + 1];
    for (int i = 0; i < n; i++) {
      hashOffsets[i + 1] = hashOffsets[i] + (int) (((long) p[i] + d[i]) / KV_BLOCK);
    }
    long[] blockHashes = new long[hashOffsets[n]];
    long fresh = (maxHash + 1) * SUB_BLOCKS; // above every prompt id h * 32 + k
    for (int i = 0; i < n; i++) {
      int promptBlocks = p[i] / KV_BLOCK;
      int at = hashOffsets[i];
      for (int s = 0; s < promptBlocks; s++) {
        blockHashes[at++] = chain[chainOff[i] + s / SUB_BLOCKS] * SUB_BLOCKS + (s % SUB_BLOCKS);
      }
      while (at < hashOffsets[i + 1]) {
        blockHashes[at++] = fresh++;
      }
    }
    int[] sessions = SessionInference.sessions(chain, chainOff, n);
    return new Trace(source, n, arrivals.toArray(), p, d, blockHashes, hashOffsets, sessions);
  }

  private static final class Row {
    double timestampMs;
    int input;
    int output;
    boolean hasTimestamp;
    boolean hasInput;
    boolean hasOutput;
    boolean hasHashes;

    void reset() {
      hasTimestamp = hasInput = hasOutput = hasHashes = false;
    }
  }

  private static void parseLine(String source, long lineNo, String line, Row row, GrowableColumns.Longs chains)
      throws IOException {
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw TraceErrors.at(source, lineNo, "<line>", "not a JSON object", EXPECTED_LINE);
      }
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
        if (t != JsonToken.FIELD_NAME) {
          throw TraceErrors.at(source, lineNo, "<line>", "malformed JSON object", EXPECTED_LINE);
        }
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "timestamp" -> {
            if (!value.isNumeric() || !Double.isFinite(parser.getDoubleValue()) || parser.getDoubleValue() < 0) {
              throw TraceErrors.at(source, lineNo, field, "got " + parser.getText(), "milliseconds since trace start, a number >= 0");
            }
            row.timestampMs = parser.getDoubleValue();
            row.hasTimestamp = true;
          }
          case "input_length" -> {
            row.input = positiveInt(source, lineNo, parser, value, field);
            row.hasInput = true;
          }
          case "output_length" -> {
            row.output = positiveInt(source, lineNo, parser, value, field);
            row.hasOutput = true;
          }
          case "hash_ids" -> {
            if (value != JsonToken.START_ARRAY) {
              throw TraceErrors.at(source, lineNo, field, "got " + parser.getText(), "a JSON list of integer block ids");
            }
            for (JsonToken e = parser.nextToken(); e != JsonToken.END_ARRAY; e = parser.nextToken()) {
              long id = e == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                  ? parser.getLongValue() : -1;
              if (id < 0 || id > MAX_HASH_ID) {
                throw TraceErrors.at(source, lineNo, field, "bad block id " + parser.getText(), "integers in [0, 2^32)");
              }
              chains.add(id);
            }
            row.hasHashes = true;
          }
          default -> parser.skipChildren(); // unknown fields are allowed and ignored
        }
      }
    } catch (JsonParseException e) {
      throw TraceErrors.at(source, lineNo, "<line>", "invalid JSON (" + e.getOriginalMessage() + ")", EXPECTED_LINE);
    }
    String missing = !row.hasTimestamp ? "timestamp" : !row.hasInput ? "input_length"
        : !row.hasOutput ? "output_length" : !row.hasHashes ? "hash_ids" : null;
    if (missing != null) {
      throw TraceErrors.at(source, lineNo, missing, "missing", EXPECTED_LINE);
    }
  }

  private static int positiveInt(String source, long lineNo, JsonParser parser, JsonToken value, String field)
      throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT
        || parser.getIntValue() < 1) {
      throw TraceErrors.at(source, lineNo, field, "got " + parser.getText(), "a positive integer token count");
    }
    return parser.getIntValue();
  }
}
