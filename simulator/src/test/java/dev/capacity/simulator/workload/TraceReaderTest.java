package dev.capacity.simulator.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capacity.simulator.SimulationInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {
  static final String CONVERSATION = "traces/mooncake/conversation_trace.jsonl";
  static final String SYNTHETIC = "traces/mooncake/synthetic_trace.jsonl";

  @TempDir Path dir;

  @Test
  void conversationTraceFacts() {
    Trace t = TraceReader.readResource(CONVERSATION);
    assertThat(t.size()).isEqualTo(12_031);
    assertThat(Math.round(mean(t.prefillTokens()))).isEqualTo(12_035);
    assertThat(Math.round(mean(t.decodeTokens()))).isEqualTo(343);
    assertThat(t.arrivalSeconds()[0]).isEqualTo(0.0);
    assertThat(t.arrivalSeconds()[t.size() - 1]).isEqualTo(3536.999);
    assertBlockCounts(t);
    assertOutputIdsUnshared(t);
  }

  @Test
  void syntheticTraceFacts() {
    Trace t = TraceReader.readResource(SYNTHETIC);
    assertThat(t.size()).isEqualTo(3_993);
    assertThat(Math.round(mean(t.prefillTokens()))).isEqualTo(15_325);
    assertThat(Math.round(mean(t.decodeTokens()))).isEqualTo(149);
    assertBlockCounts(t);
    assertOutputIdsUnshared(t);
  }

  @Test
  void sharedFirst512BlockSharesItsSubBlocks() {
    // rows 0 and 1 of the conversation trace both start with 512-block id 0
    Trace t = TraceReader.readResource(CONVERSATION);
    long[] h = t.blockHashes();
    int a = t.hashOffsets()[0];
    int b = t.hashOffsets()[1];
    for (int k = 0; k < 32; k++) {
      assertThat(h[a + k]).isEqualTo(k);
      assertThat(h[b + k]).isEqualTo(h[a + k]);
    }
    // their second blocks differ (ids 1 and 14), so do their sub-blocks
    assertThat(h[a + 32]).isEqualTo(32L);
    assertThat(h[b + 32]).isEqualTo(14L * 32);
  }

  /** Data README §3.1: fraction of 512-block references already seen earlier in the file. */
  @Test
  void seenBeforeFractionOf512BlockReferences() throws IOException {
    assertThat(seenBeforeFraction(CONVERSATION)).isCloseTo(0.366, org.assertj.core.data.Offset.offset(0.0005));
    assertThat(seenBeforeFraction(SYNTHETIC)).isCloseTo(0.640, org.assertj.core.data.Offset.offset(0.0005));
  }

  @Test
  void traceSubBlocksEncodeTheRaw512Chain() throws IOException {
    Trace t = TraceReader.readResource(SYNTHETIC);
    List<long[]> chains = rawChains(SYNTHETIC);
    long mismatches = 0;
    for (int i = 0; i < t.size(); i++) {
      int promptBlocks = t.prefillTokens()[i] / 16;
      for (int s = 0; s < promptBlocks; s++) {
        long id = t.blockHashes()[t.hashOffsets()[i] + s];
        if (id != chains.get(i)[s / 32] * 32 + s % 32) {
          mismatches++;
        }
      }
    }
    assertThat(mismatches).isZero();
  }

  @Test
  void sessionRuleOnHandWrittenTrace() throws IOException {
    Path f = write("s.jsonl",
        "{\"timestamp\": 0, \"input_length\": 1000, \"output_length\": 10, \"hash_ids\": [1, 2]}",
        "{\"timestamp\": 5, \"input_length\": 600, \"output_length\": 10, \"hash_ids\": [7, 8]}",
        "", // blank lines are skipped
        "{\"timestamp\": 9, \"input_length\": 1500, \"output_length\": 10, \"hash_ids\": [1, 2, 3]}",
        "{\"timestamp\": 9, \"input_length\": 1500, \"output_length\": 10, \"hash_ids\": [1, 4, 5]}",
        "{\"timestamp\": 12, \"input_length\": 2000, \"output_length\": 10, \"hash_ids\": [7, 8, 9, 10]}");
    Trace t = TraceReader.read(f);
    // row0 new session 0; row1 new session 1; row2 extends [1,2] -> 0;
    // row3 starts with [1] only, no earlier request's whole chain is [1] -> new session 2; row4 extends [7,8] -> 1
    assertThat(t.sessionIds()).containsExactly(0, 1, 0, 2, 1);
    assertThat(t.arrivalSeconds()).containsExactly(0.0, 0.005, 0.009, 0.009, 0.012);
    // floor(1010/16) = 63 ids; prompt sub-blocks floor(1000/16) = 62: 32 of block 1, 30 of partial block 2
    assertThat(t.numBlocks(0)).isEqualTo(63);
    assertThat(t.blockHashes()[t.hashOffsets()[0] + 61]).isEqualTo(2L * 32 + 29);
    assertThat(t.blockHashes()[t.hashOffsets()[0] + 62]).isGreaterThanOrEqualTo(11L * 32);
  }

  @Test
  void longestEarlierChainWins() throws IOException {
    Path f = write("l.jsonl",
        "{\"timestamp\": 0, \"input_length\": 1000, \"output_length\": 1, \"hash_ids\": [1, 2]}",
        "{\"timestamp\": 0, \"input_length\": 100, \"output_length\": 1, \"hash_ids\": [1]}",
        "{\"timestamp\": 0, \"input_length\": 1100, \"output_length\": 1, \"hash_ids\": [1, 2, 3]}",
        "{\"timestamp\": 0, \"input_length\": 600, \"output_length\": 1, \"hash_ids\": [1, 9]}");
    // row0 [1,2] -> session 0; row1 [1] does not start with [1,2] -> new session 1;
    // row2 [1,2,3] starts with both [1] (row1) and [1,2] (row0): the longer, row0, wins -> 0;
    // row3 [1,9] starts with [1] only -> row1's session 1
    assertThat(TraceReader.read(f).sessionIds()).containsExactly(0, 1, 0, 1);
  }

  @Test
  void vidurCsvWithoutHashes() {
    Trace t = TraceReader.readResource("traces/vidur/splitwise_conv.csv");
    assertThat(t.size()).isEqualTo(19_366);
    assertThat(t.hasArrivals()).isTrue();
    assertThat(t.hasHashes()).isFalse();
    assertThat(t.hasSessions()).isFalse();
    assertThat(t.prefillTokens()[0]).isEqualTo(374);
    assertThat(t.decodeTokens()[0]).isEqualTo(44);
    assertThat(t.arrivalSeconds()[1]).isEqualTo(4.314579);
    Trace arxiv = TraceReader.readResource("traces/vidur/arxiv_summarization_stats_llama2_tokenizer_filtered_v2.csv");
    assertThat(arxiv.size()).isEqualTo(28_257);
    assertThat(arxiv.hasArrivals()).isFalse();
    assertThat(TraceReader.readResource("traces/vidur/splitwise_code.csv").size()).isEqualTo(8_819);
  }

  @Test
  void vidurCsvWithHashesAndSessions() throws IOException {
    Path f = write("h.csv",
        "arrived_at,num_prefill_tokens,num_decode_tokens,block_hash_ids,block_size,session_id",
        "0.5,20,13,\"[1, 2]\",16,7",
        "1.25,3,1,[],16,7",
        "2.0,32,1,\"[1,2]\",16,8");
    Trace t = TraceReader.read(f);
    assertThat(t.size()).isEqualTo(3);
    assertThat(t.arrivalSeconds()).containsExactly(0.5, 1.25, 2.0);
    assertThat(t.hashOffsets()).containsExactly(0, 2, 2, 4);
    assertThat(t.blockHashes()).containsExactly(1, 2, 1, 2);
    assertThat(t.sessionIds()).containsExactly(7, 7, 8);
  }

  @Test
  void malformedCsvRowsNameFileLineAndColumn() throws IOException {
    Path bad = write("bad.csv", "num_prefill_tokens,num_decode_tokens", "10,5", "12,x");
    assertThatThrownBy(() -> TraceReader.read(bad))
        .isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("bad.csv").hasMessageContaining("line 3")
        .hasMessageContaining("num_decode_tokens").hasMessageContaining("positive integer");
    Path negative = write("neg.csv", "num_prefill_tokens,num_decode_tokens", "-4,5");
    assertThatThrownBy(() -> TraceReader.read(negative)).hasMessageContaining("line 2")
        .hasMessageContaining("num_prefill_tokens");
    Path missingColumn = write("miss.csv", "arrived_at,num_prefill_tokens", "0,5");
    assertThatThrownBy(() -> TraceReader.read(missingColumn)).hasMessageContaining("line 1")
        .hasMessageContaining("num_decode_tokens");
    Path wrongCount = write("cnt.csv", "num_prefill_tokens,num_decode_tokens,block_hash_ids", "10,5,[]", "20,13,[1]");
    assertThatThrownBy(() -> TraceReader.read(wrongCount)).hasMessageContaining("line 3")
        .hasMessageContaining("block_hash_ids").hasMessageContaining("= 2 ids");
    Path blockSize = write("bs.csv", "num_prefill_tokens,num_decode_tokens,block_hash_ids,block_size", "10,5,[],32");
    assertThatThrownBy(() -> TraceReader.read(blockSize)).hasMessageContaining("block_size");
    Path empty = write("empty.csv");
    assertThatThrownBy(() -> TraceReader.read(empty)).isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("empty");
    Path headerOnly = write("ho.csv", "num_prefill_tokens,num_decode_tokens");
    assertThatThrownBy(() -> TraceReader.read(headerOnly)).hasMessageContaining("empty");
  }

  @Test
  void malformedJsonlRowsNameFileLineAndColumn() throws IOException {
    String ok = "{\"timestamp\": 0, \"input_length\": 600, \"output_length\": 5, \"hash_ids\": [0, 1]}";
    Path count = write("c.jsonl", ok, "{\"timestamp\": 1, \"input_length\": 600, \"output_length\": 5, \"hash_ids\": [0]}");
    assertThatThrownBy(() -> TraceReader.read(count)).isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("c.jsonl").hasMessageContaining("line 2").hasMessageContaining("hash_ids")
        .hasMessageContaining("ceil(input_length / 512)");
    Path neg = write("n.jsonl", ok, ok, "{\"timestamp\": 1, \"input_length\": 600, \"output_length\": -5, \"hash_ids\": [0, 1]}");
    assertThatThrownBy(() -> TraceReader.read(neg)).hasMessageContaining("line 3").hasMessageContaining("output_length");
    Path missing = write("m.jsonl", "{\"timestamp\": 1, \"input_length\": 600, \"hash_ids\": [0, 1]}");
    assertThatThrownBy(() -> TraceReader.read(missing)).hasMessageContaining("line 1").hasMessageContaining("output_length");
    Path garbage = write("g.jsonl", ok, "{\"timestamp\": 1, \"input_length\": ");
    assertThatThrownBy(() -> TraceReader.read(garbage)).isInstanceOf(SimulationInputException.class)
        .hasMessageContaining("line 2");
    Path empty = write("e.jsonl", "", "");
    assertThatThrownBy(() -> TraceReader.read(empty)).hasMessageContaining("empty");
    assertThatThrownBy(() -> TraceReader.read(write("x.txt", "a"))).hasMessageContaining(".csv");
  }

  private Path write(String name, String... lines) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, lines.length == 0 ? "" : String.join("\n", lines) + "\n");
    return f;
  }

  private static double mean(int[] xs) {
    long s = 0;
    for (int x : xs) {
      s += x;
    }
    return (double) s / xs.length;
  }

  private static void assertBlockCounts(Trace t) {
    int wrong = 0;
    for (int i = 0; i < t.size(); i++) {
      if (t.numBlocks(i) != (t.prefillTokens()[i] + t.decodeTokens()[i]) / 16) {
        wrong++;
      }
    }
    assertThat(wrong).isZero();
  }

  /** Ids past the prompt's full sub-blocks appear exactly once in the whole trace. */
  private static void assertOutputIdsUnshared(Trace t) {
    long[] sorted = t.blockHashes().clone();
    java.util.Arrays.sort(sorted);
    long outputIds = 0;
    long shared = 0;
    for (int i = 0; i < t.size(); i++) {
      for (int b = t.hashOffsets()[i] + t.prefillTokens()[i] / 16; b < t.hashOffsets()[i + 1]; b++) {
        long id = t.blockHashes()[b];
        int at = java.util.Arrays.binarySearch(sorted, id);
        boolean unique = (at == 0 || sorted[at - 1] != id) && (at == sorted.length - 1 || sorted[at + 1] != id);
        if (!unique) {
          shared++;
        }
        outputIds++;
      }
    }
    assertThat(outputIds).isPositive();
    assertThat(shared).isZero();
  }

  private static List<long[]> rawChains(String resource) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<long[]> chains = new ArrayList<>();
    try (InputStream in = TraceReaderTest.class.getClassLoader().getResourceAsStream(resource);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        JsonNode ids = mapper.readTree(line).get("hash_ids");
        long[] c = new long[ids.size()];
        for (int i = 0; i < c.length; i++) {
          c[i] = ids.get(i).asLong();
        }
        chains.add(c);
      }
    }
    return chains;
  }

  private static double seenBeforeFraction(String resource) throws IOException {
    Set<Long> seen = new HashSet<>();
    long refs = 0;
    long hits = 0;
    for (long[] chain : rawChains(resource)) {
      for (long h : chain) {
        refs++;
        if (!seen.add(h)) {
          hits++;
        }
      }
    }
    return (double) hits / refs;
  }
}
