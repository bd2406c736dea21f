package org.snaptune.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses samples nothing sensible can be trained on, before anything is trained: fewer than two
 * classes, a class without samples (all samples in one class is the extreme case) and duplicate
 * samples (identical embeddings: the same photo stored twice, worse still under two labels).
 * Samples of another embedding size are refused earlier, by {@link Dataset#fromSamples}.
 * Stateless and thread-safe.
 */
public final class SampleChecks {

  private SampleChecks() {}

  /**
   * @throws IllegalArgumentException naming every problem found and what is valid
   */
  public static void requireTrainable(Dataset data) {
    List<String> problems = new ArrayList<>();
    int[] counts = data.classCounts();
    List<String> empty = new ArrayList<>();
    List<String> used = new ArrayList<>();
    for (int c = 0; c < counts.length; c++) {
      (counts[c] == 0 ? empty : used).add(data.classNames().get(c));
    }
    if (used.size() < 2) {
      problems.add(used.isEmpty() ? "no class has samples"
          : "all " + data.size() + " samples are in class '" + used.get(0) + "'");
    }
    if (!empty.isEmpty()) {
      problems.add("classes without samples: " + empty + " (photos taken with another backbone"
          + " do not count: take them again)");
    }
    String duplicates = duplicates(data);
    if (duplicates != null) {
      problems.add(duplicates);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("cannot train: " + String.join("; ", problems)
          + ". Training needs at least two classes, each with at least one sample, and no"
          + " sample twice");
    }
  }

  /** A sentence about the duplicates, or null when every embedding is distinct. */
  static String duplicates(Dataset data) {
    Map<Integer, List<Integer>> byHash = new HashMap<>();
    float[] row = new float[data.dimension()];
    float[] other = new float[data.dimension()];
    int copies = 0;
    List<String> conflicts = new ArrayList<>();
    String example = null;
    for (int i = 0; i < data.size(); i++) {
      data.copyRow(i, row, 0);
      List<Integer> same = byHash.computeIfAbsent(Arrays.hashCode(row), h -> new ArrayList<>());
      for (int j : same) {
        data.copyRow(j, other, 0);
        if (Arrays.equals(row, other)) {
          copies++;
          String a = data.classNames().get(data.label(j));
          String b = data.classNames().get(data.label(i));
          if (!a.equals(b)) {
            conflicts.add("'" + a + "' and '" + b + "'");
          } else if (example == null) {
            example = "samples " + j + " and " + i + " of '" + a + "'";
          }
          break;
        }
      }
      same.add(i);
    }
    if (copies == 0) {
      return null;
    }
    StringBuilder sb = new StringBuilder().append(copies).append(" duplicate sample")
        .append(copies == 1 ? "" : "s").append(" (identical embeddings");
    if (!conflicts.isEmpty()) {
      sb.append("; the same photo is labelled both ").append(conflicts.get(0));
    } else {
      sb.append(", e.g. ").append(example);
    }
    return sb.append("): delete the copies").toString();
  }
}
