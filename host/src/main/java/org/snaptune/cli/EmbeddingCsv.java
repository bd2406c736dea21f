package org.snaptune.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.snaptune.data.Dataset;

/**
 * The embedding CSV of {@code train} and {@code embed}: one row per sample, {@code label,e0,e1,…},
 * no header, label a class name (no commas or quotes). Immutable after parsing; thread-safe.
 */
public final class EmbeddingCsv {

  private final List<String> labels;
  private final List<float[]> rows;
  private final int dimension;

  private EmbeddingCsv(List<String> labels, List<float[]> rows, int dimension) {
    this.labels = labels;
    this.rows = rows;
    this.dimension = dimension;
  }

  /**
   * Parses CSV text.
   *
   * @throws IllegalArgumentException naming the file and line of an empty label, a bad number, a
   *     row with another embedding size, or no rows at all
   */
  public static EmbeddingCsv parse(String text, String fileName) throws IOException {
    List<String> labels = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    int dimension = -1;
    BufferedReader in = new BufferedReader(new StringReader(text));
    String line;
    int lineNo = 0;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.trim().isEmpty()) {
        continue;
      }
      String[] parts = line.split(",", -1);
      String where = fileName + " line " + lineNo;
      String label = parts[0].trim();
      if (label.isEmpty()) {
        throw new IllegalArgumentException(where + ": empty label; a row is label,e0,e1,...");
      }
      if (parts.length < 2) {
        throw new IllegalArgumentException(where + ": no embedding values after the label");
      }
      if (dimension >= 0 && parts.length - 1 != dimension) {
        throw new IllegalArgumentException(where + ": " + (parts.length - 1)
            + " embedding values, but earlier rows have " + dimension);
      }
      dimension = parts.length - 1;
      float[] e = new float[dimension];
      for (int j = 0; j < dimension; j++) {
        try {
          e[j] = Float.parseFloat(parts[j + 1].trim());
        } catch (NumberFormatException ex) {
          throw new IllegalArgumentException(where + ": value " + (j + 1) + " '" + parts[j + 1]
              + "' is not a number");
        }
        if (Float.isNaN(e[j]) || Float.isInfinite(e[j])) {
          throw new IllegalArgumentException(where + ": value " + (j + 1) + " is not finite");
        }
      }
      labels.add(label);
      rows.add(e);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(fileName + " holds no samples at all");
    }
    return new EmbeddingCsv(labels, rows, dimension);
  }

  public int size() { return rows.size(); }
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
    float[] x = new float[rows.size() * dimension];
    int[] y = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      int c = classNames.indexOf(labels.get(i));
      if (c < 0) {
        throw new IllegalArgumentException(fileName + ": unknown label '" + labels.get(i)
            + "'; the model's classes are " + classNames);
      }
      y[i] = c;
      System.arraycopy(rows.get(i), 0, x, i * dimension, dimension);
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
