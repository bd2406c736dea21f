package org.snaptune.prototype;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Held-out accuracy per class, stored beside a saved head so that the next training run's
 * {@link RegressionGate} can compare against it. Text form: one line per class,
 * {@code accuracy<TAB>held-out count<TAB>class name}. Immutable and thread-safe.
 */
public final class HeldOutRecord {

  private final Map<String, double[]> perClass;

  private HeldOutRecord(Map<String, double[]> perClass) {
    this.perClass = Collections.unmodifiableMap(perClass);
  }

  /** The record of {@code heldOut}'s per-class accuracy (classes with nothing held out omitted). */
  public static HeldOutRecord of(HeldOut heldOut) {
    Map<String, double[]> map = new LinkedHashMap<>();
    int[][] m = heldOut.evaluation().confusionMatrix();
    for (int k = 0; k < m.length; k++) {
      int n = 0;
      for (int v : m[k]) {
        n += v;
      }
      if (n > 0) {
        map.put(heldOut.evaluation().classNames().get(k), new double[] {(double) m[k][k] / n, n});
      }
    }
    return new HeldOutRecord(map);
  }

  /**
   * Parses {@link #toBytes()} output.
   *
   * @throws IllegalArgumentException naming the bad line
   */
  public static HeldOutRecord parse(byte[] bytes) {
    Map<String, double[]> map = new LinkedHashMap<>();
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      String[] parts = lines[i].split("\t", 3);
      try {
        double acc = Double.parseDouble(parts[0]);
        double n = Double.parseDouble(parts[1]);
        if (parts.length != 3 || !(acc >= 0 && acc <= 1) || !(n >= 1)) {
          throw new NumberFormatException();
        }
        map.put(parts[2], new double[] {acc, n});
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("held-out record line " + (i + 1) + " '" + lines[i]
            + "' is not 'accuracy<TAB>count<TAB>class' with accuracy in [0, 1] and count >= 1");
      }
    }
    return new HeldOutRecord(map);
  }

  public byte[] toBytes() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, double[]> e : perClass.entrySet()) {
      sb.append(String.format(Locale.ROOT, "%.6f\t%d\t%s\n", e.getValue()[0],
          (int) e.getValue()[1], e.getKey().replace('\n', ' ').replace('\t', ' ')));
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Class name → {accuracy, held-out count}. */
  public Map<String, double[]> perClass() { return perClass; }
}
