package dev.capacity.simulator.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Vidur processed-trace CSV parsing (columns documented on {@link TraceReader}). */
final class VidurCsvReader {
  private static final String PREFILL = "num_prefill_tokens";
  private static final String DECODE = "num_decode_tokens";
  private static final String ARRIVED = "arrived_at";
  private static final String HASHES = "block_hash_ids";
  private static final String BLOCK_SIZE = "block_size";
  private static final String SESSION = "session_id";
  private static final int KV_BLOCK = 16;
  private static final String EXPECTED_HEADER =
      "a header row with num_prefill_tokens and num_decode_tokens, optionally arrived_at, block_hash_ids, "
          + "block_size, session_id";

  private VidurCsvReader() {}

  static Trace read(String source, InputStream in) throws IOException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
    try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
      Map<String, Integer> header = parser.getHeaderMap();
      if (header == null || header.isEmpty()) {
        throw TraceErrors.empty(source, EXPECTED_HEADER);
      }
      for (String required : new String[] {PREFILL, DECODE}) {
        if (!header.containsKey(required)) {
          throw TraceErrors.at(source, 1, required, "missing from the header " + header.keySet(), EXPECTED_HEADER);
        }
      }
      boolean hasArrivals = header.containsKey(ARRIVED);
      boolean hasHashes = header.containsKey(HASHES);
      boolean hasBlockSize = header.containsKey(BLOCK_SIZE);
      boolean hasSessions = header.containsKey(SESSION);

      GrowableColumns.Doubles arrivals = new GrowableColumns.Doubles();
      GrowableColumns.Ints prefill = new GrowableColumns.Ints();
      GrowableColumns.Ints decode = new GrowableColumns.Ints();
      GrowableColumns.Longs hashes = new GrowableColumns.Longs();
      GrowableColumns.Ints hashOffsets = new GrowableColumns.Ints();
      GrowableColumns.Ints sessions = new GrowableColumns.Ints();
      hashOffsets.add(0);
      for (CSVRecord record : parser) {
        // one physical line per record in these files; line 1 is the header
        long line = record.getRecordNumber() + 1;
        int p = positiveInt(source, line, record, PREFILL);
        int d = positiveInt(source, line, record, DECODE);
        prefill.add(p);
        decode.add(d);
        if (hasArrivals) {
          arrivals.add(arrival(source, line, record));
        }
        if (hasBlockSize) {
          String bs = value(source, line, record, BLOCK_SIZE, "16");
          if (!bs.equals("16") && !bs.equals("16.0")) {
            throw TraceErrors.at(source, line, BLOCK_SIZE, "got " + bs, "16 (the simulator's KV block size)");
          }
        }
        if (hasHashes) {
          int expected = (int) (((long) p + d) / KV_BLOCK);
          int count = parseHashList(source, line, value(source, line, record, HASHES, "a JSON list"), hashes);
          if (count != expected) {
            throw TraceErrors.at(source, line, HASHES, "has " + count + " ids for P + D = " + (p + d),
                "floor((num_prefill_tokens + num_decode_tokens) / 16) = " + expected + " ids");
          }
          hashOffsets.add(hashes.size());
        }
        if (hasSessions) {
          sessions.add((int) integral(source, line, SESSION, value(source, line, record, SESSION, "an integer"),
              Integer.MIN_VALUE, Integer.MAX_VALUE, "an integer session id"));
        }
      }
      int n = prefill.size();
      if (n == 0) {
        throw TraceErrors.empty(source, "at least one request row after the header");
      }
      return new Trace(source, n,
          hasArrivals ? arrivals.toArray() : null,
          prefill.toArray(), decode.toArray(),
          hasHashes ? hashes.toArray() : null,
          hasHashes ? hashOffsets.toArray() : null,
          hasSessions ? sessions.toArray() : null);
    }
  }

  private static String value(String source, long line, CSVRecord record, String column, String expected) {
    if (!record.isSet(column) || record.get(column).isEmpty()) {
      throw TraceErrors.at(source, line, column, "missing value", expected);
    }
    return record.get(column);
  }

  private static int positiveInt(String source, long line, CSVRecord record, String column) {
    String text = value(source, line, record, column, "a positive integer token count");
    return (int) integral(source, line, column, text, 1, Integer.MAX_VALUE, "a positive integer token count");
  }

  /** Integers, also in the "12.0" form pandas writes for integer columns that once held a NaN. */
  private static long integral(String source, long line, String column, String text, long min, long max,
      String expected) {
    long v;
    try {
      v = Long.parseLong(text);
    } catch (NumberFormatException e) {
      double dv;
      try {
        dv = Double.parseDouble(text);
      } catch (NumberFormatException e2) {
        throw TraceErrors.at(source, line, column, "not a number: '" + text + "'", expected);
      }
      if (dv != Math.rint(dv) || Math.abs(dv) > 0x1p53) {
        throw TraceErrors.at(source, line, column, "not an integer: '" + text + "'", expected);
      }
      v = (long) dv;
    }
    if (v < min || v > max) {
      throw TraceErrors.at(source, line, column, "out of range: " + text, expected);
    }
    return v;
  }

  private static double arrival(String source, long line, CSVRecord record) {
    String text = value(source, line, record, ARRIVED, "seconds since trace start, a number >= 0");
    double v;
    try {
      v = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    if (!Double.isFinite(v) || v < 0) {
      throw TraceErrors.at(source, line, ARRIVED, "got '" + text + "'", "seconds since trace start, a number >= 0");
    }
    return v;
  }

  /** Parses "[1, 2, 3]" into {@code out}; returns the number of ids. */
  private static int parseHashList(String source, long line, String text, GrowableColumns.Longs out) {
    String expected = "a JSON list of integers such as \"[12, 13, 14]\"";
    String t = text.trim();
    if (t.length() < 2 || t.charAt(0) != '[' || t.charAt(t.length() - 1) != ']') {
      throw TraceErrors.at(source, line, HASHES, "not a JSON list", expected);
    }
    String body = t.substring(1, t.length() - 1).trim();
    if (body.isEmpty()) {
      return 0;
    }
    int count = 0;
    int start = 0;
    while (start <= body.length()) {
      int comma = body.indexOf(',', start);
      int end = comma < 0 ? body.length() : comma;
      String item = body.substring(start, end).trim();
      try {
        out.add(Long.parseLong(item));
      } catch (NumberFormatException e) {
        throw TraceErrors.at(source, line, HASHES, "bad id '" + item + "'", expected);
      }
      count++;
      if (comma < 0) {
        break;
      }
      start = comma + 1;
    }
    return count;
  }
}
