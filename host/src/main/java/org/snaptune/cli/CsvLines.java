package org.snaptune.cli;

import java.io.IOException;
import java.io.Reader;

/**
 * Lines of a text stream with a length limit enforced while reading (BufferedReader.readLine
 * would build a gigabyte-long line before anyone could look at it). A UTF-8 byte-order mark at
 * the start is dropped: Excel writes one, and it used to become part of the first label (a phantom
 * class). Not thread-safe; the caller owns and closes the reader.
 */
final class CsvLines {

  private final Reader in;
  private final String fileName;
  private final int maxChars;
  private final char[] buf = new char[64 * 1024];
  private int pos;
  private int end;
  private int number;
  private boolean first = true;

  CsvLines(Reader in, String fileName, int maxChars) {
    this.in = in;
    this.fileName = fileName;
    this.maxChars = maxChars;
  }

  /** The number of the line last returned (1-based). */
  int number() {
    return number;
  }

  /** The next line without its terminator, or null at the end. */
  String next() throws IOException {
    StringBuilder line = null;
    while (true) {
      if (pos == end) {
        end = in.read(buf, 0, buf.length);
        pos = 0;
        if (end <= 0) {
          end = 0;
          return line == null ? null : finish(line);
        }
      }
      if (line == null) {
        line = new StringBuilder();
      }
      if (first) {
        first = false;
        if (buf[pos] == '\uFEFF') {
          pos++;
          continue;
        }
      }
      char c = buf[pos++];
      if (c == '\n') {
        return finish(line);
      }
      if (line.length() >= maxChars) {
        throw new IllegalArgumentException(fileName + " line " + (number + 1) + " is longer than "
            + maxChars + " characters (the limit); is this an embedding CSV?");
      }
      line.append(c);
    }
  }

  private String finish(StringBuilder line) {
    number++;
    int n = line.length();
    return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
  }
}
