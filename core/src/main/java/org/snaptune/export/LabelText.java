package org.snaptune.export;

/**
 * The text rules for a label, the same for an imported one (bundle, CSV) and a class name typed
 * in the app ({@code samples.ClassNames}): no control characters (C0, DEL, C1 such as NEL), no
 * lone UTF-16 surrogates, no bidirectional overrides or isolates, no byte-order mark, zero-width
 * space or word joiner (they make a label display as another one), and at least one visible
 * character (a label of only zero-width or format characters looks empty). Joiners inside emoji
 * and scripts (U+200C, U+200D) stay allowed. Stateless and thread-safe.
 */
public final class LabelText {

  /** What is valid, ending every refusal. */
  private static final String VALID =
      "use plain visible text (letters, digits, punctuation, emoji)";

  private LabelText() {}

  /**
   * Throws IllegalArgumentException naming label {@code index}'s first offending character.
   */
  public static void check(String label, int index) {
    check(label, "label " + index);
  }

  /** As {@link #check(String, int)}, naming the label {@code what} (e.g. "the label on line 7"). */
  public static void check(String label, String what) {
    boolean visible = false;
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      String problem = null;
      if (Character.isISOControl(c)) {
        problem = "a control character";
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 < label.length() && Character.isLowSurrogate(label.charAt(i + 1))) {
          visible |= isVisible(label.codePointAt(i));
          i++;
          continue;
        }
        problem = "a lone surrogate";
      } else if (Character.isLowSurrogate(c)) {
        problem = "a lone surrogate";
      } else if (isBidiControl(c)) {
        problem = "a bidirectional-text control";
      } else if (c == 0xFEFF || c == 0x200B || c == 0x2060 || c == 0x180E) {
        // Invisible yet distinct: "\uFEFFcat" would be a second class looking like "cat".
        problem = "an invisible character";
      }
      if (problem != null) {
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
            "%s contains %s (U+%04X) at position %d; " + VALID, what,
            problem, (int) c, i));
      }
      visible |= isVisible(c);
    }
    if (!visible) {
      throw new IllegalArgumentException(what
          + " has no visible character; " + VALID);
    }
  }

  private static boolean isBidiControl(char c) {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E
        || c == 0x200F || c == 0x061C;
  }

  private static boolean isVisible(int cp) {
    if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
      return false;
    }
    int type = Character.getType(cp);
    return type != Character.FORMAT && type != Character.CONTROL && type != Character.UNASSIGNED
        && type != Character.PRIVATE_USE && !(cp >= 0xFE00 && cp <= 0xFE0F) && cp != 0x115F
        && cp != 0x1160 && cp != 0x3164 && cp != 0xFFA0;
  }
}
