package org.snaptune.samples;

import java.util.Collection;
import java.util.Locale;
import org.snaptune.export.LabelText;

/** Validation of user-typed class names, shared by every {@link SampleRepository}. Stateless. */
public final class ClassNames {

  /** Longest accepted name, in UTF-16 chars: fits a label row and a bundle manifest. */
  public static final int MAX_LENGTH = 40;

  private ClassNames() {}

  /**
   * Trims {@code name} and checks it: 1 to {@link #MAX_LENGTH} characters, the text rules of an
   * imported label ({@link LabelText}: no control, bidirectional-override or invisible
   * characters, something visible), not equal (ignoring case) to any of {@code taken}. One rule
   * set for typed names, bundle labels and CSV labels, so whatever one accepts the others do.
   *
   * @return the trimmed name
   * @throws IllegalArgumentException saying what is wrong and what is valid
   */
  public static String check(String name, Collection<String> taken) {
    if (name == null) {
      throw new IllegalArgumentException("class name is missing");
    }
    String trimmed = name.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("class name is empty; type 1 to " + MAX_LENGTH
          + " characters");
    }
    if (trimmed.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("class name has " + trimmed.length()
          + " characters; at most " + MAX_LENGTH + " are allowed");
    }
    LabelText.check(trimmed, "class name");
    String lower = trimmed.toLowerCase(Locale.ROOT);
    for (String existing : taken) {
      if (existing.toLowerCase(Locale.ROOT).equals(lower)) {
        throw new IllegalArgumentException("a class named '" + existing + "' already exists");
      }
    }
    return trimmed;
  }

  /**
   * Checks an embedding against the repository's size: the length matches and every value is
   * finite. @throws IllegalArgumentException naming the problem
   */
  public static void checkEmbedding(float[] embedding, int size) {
    if (embedding == null || embedding.length != size) {
      throw new IllegalArgumentException("embedding must have " + size + " values, got "
          + (embedding == null ? "null" : embedding.length));
    }
    for (int i = 0; i < size; i++) {
      if (Float.isNaN(embedding[i]) || Float.isInfinite(embedding[i])) {
        throw new IllegalArgumentException(
            "embedding value " + i + " is " + embedding[i] + "; all values must be finite");
      }
    }
  }
}
