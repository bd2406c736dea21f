package org.snaptune.cli;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.snaptune.data.Dataset;
import org.snaptune.export.LabelText;

/**
 * The embedding CSV of {@code train} and {@code embed}: one row per sample, {@code label,e0,e1,…},
 * no header, label a class name (no commas or quotes). Immutable after parsing; thread-safe.
 */
public final class EmbeddingCsv {

  private final List<String> labels;
  private final float[] values;
  private final int dimension;

  private EmbeddingCsv(List<String> labels, float[] values, int dimension) {
    this.labels = labels;
    this.values = values;
    this.dimension = dimension;
  }

  /** Parses CSV text; see {@link #read(Reader, String)}. */
  public static EmbeddingCsv parse(String text, String fileName) throws IOException {
    return read(new StringReader(text), fileName);
  }

  /**
   * Reads the CSV file {@code file} as a stream: lines, values and the embedding size are checked
   * against {@link InputLimits} as they arrive, so a huge file is refused, never buffered whole.
   */
  public static EmbeddingCsv read(String file, String what) throws IOException {
    Path p = Paths.get(file);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException(what + " '" + file + "' "
          + (Files.exists(p) ? "is not a regular file" : "does not exist"));
    }
    CliMemory.reading(what + " '" + file + "' (limit " + InputLimits.MAX_CSV_VALUES
        + " values)");
    try (Reader in = new InputStreamReader(Files.newInputStream(p),
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT))) {
      return read(in, file);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(file + " is not UTF-8 text", e);
    }
  }

  /**
   * Parses CSV from {@code in} (a leading UTF-8 byte-order mark is skipped).
   *
   * @throws IllegalArgumentException naming the file and line of an empty label, a bad number, a
   *     row with another embedding size, a line or file over the limits, or no rows at all
   */
  public static EmbeddingCsv read(Reader in, String fileName) throws IOException {
    List<String> labels = new ArrayList<>();
    float[] values = new float[1024];
    long count = 0;
    int dimension = -1;
    CsvLines lines = new CsvLines(in, fileName, InputLimits.MAX_CSV_LINE_CHARS);
    String line;
    while ((line = lines.next()) != null) {
      if (line.trim().isEmpty()) {
        continue;
      }
      String[] parts = line.split(",", -1);
      String where = fileName + " line " + lines.number();
      String label = parts[0].trim();
      if (label.isEmpty()) {
        throw new IllegalArgumentException(where + ": empty label; a row is label,e0,e1,...");
      }
      // The rules of an imported label: no controls, bidi overrides, lone surrogates or
      // invisible-only names (a run of byte-order marks made a phantom class).
      LabelText.check(label, where + ": the label");
      if (parts.length < 2) {
        throw new IllegalArgumentException(where + ": no embedding values after the label");
      }
      if (dimension >= 0 && parts.length - 1 != dimension) {
        throw new IllegalArgumentException(where + ": " + (parts.length - 1)
            + " embedding values, but earlier rows have " + dimension);
      }
      dimension = InputLimits.embedding(parts.length - 1, fileName);
      if (count + dimension > InputLimits.MAX_CSV_VALUES) {
        throw new IllegalArgumentException(where + ": more than " + InputLimits.MAX_CSV_VALUES
            + " embedding values in one file (the limit); split it or use fewer rows");
      }
      if (count + dimension > values.length) {
        values = Arrays.copyOf(values, (int) Math.min(InputLimits.MAX_CSV_VALUES,
            Math.max(count + dimension, 2L * values.length)));
      }
      for (int j = 0; j < dimension; j++) {
        float v;
        try {
          v = Float.parseFloat(parts[j + 1].trim());
        } catch (NumberFormatException ex) {
          throw new IllegalArgumentException(where + ": value " + (j + 1) + " '"
              + shorten(parts[j + 1]) + "' is not a number");
        }
        if (Float.isNaN(v) || Float.isInfinite(v)) {
          throw new IllegalArgumentException(where + ": value " + (j + 1) + " is not finite");
        }
        values[(int) count + j] = v;
      }
      count += dimension;
      labels.add(label);
    }
    if (labels.isEmpty()) {
      throw new IllegalArgumentException(fileName + " holds no samples at all");
    }
    return new EmbeddingCsv(labels, Arrays.copyOf(values, (int) count), dimension);
  }

  private static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  public int size() { return labels.size(); }
  public int dimension() { return dimension; }

  /** Distinct labels in order of first appearance. */
  public List<String> classNames() {
    return new ArrayList<>(new LinkedHashSet<>(labels));
  }

  /**
   * The rows against {@code classNames}.
   *
   * @throws IllegalArgumentException naming a label that is not among them
   */
  public Dataset toDataset(List<String> classNames, String fileName) {
    float[] x = values.clone();
    int[] y = new int[labels.size()];
    Map<String, Integer> index = new HashMap<>();
    for (int c = 0; c < classNames.size(); c++) {
      index.putIfAbsent(classNames.get(c), c);
    }
    for (int i = 0; i < labels.size(); i++) {
      Integer c = index.get(labels.get(i));
      if (c == null) {
        throw new IllegalArgumentException(fileName + ": unknown label '" + labels.get(i)
            + "'; the model's classes are " + classNames);
      }
      y[i] = c;
    }
    return new Dataset(classNames, dimension, x, y);
  }

  /** Formats one row (shortest float text that round-trips). */
  public static void appendRow(StringBuilder sb, String label, float[] embedding) {
    if (label.indexOf(',') >= 0 || label.indexOf('"') >= 0 || label.trim().isEmpty()) {
      throw new IllegalArgumentException("label '" + label + "' must be non-empty, without commas"
          + " or quotes");
    }
    sb.append(label);
    for (float v : embedding) {
      sb.append(',').append(Float.toString(v).toLowerCase(Locale.ROOT));
    }
    sb.append('\n');
  }

  /** UTF-8 bytes of CSV text. */
  static byte[] bytes(CharSequence csv) {
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }
}
