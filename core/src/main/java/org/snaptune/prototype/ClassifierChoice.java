package org.snaptune.prototype;

import java.util.Locale;

/** What the user asked for: pick the better one (AUTO), or force one. */
public enum ClassifierChoice {
  AUTO, PROTOTYPE, HEAD;

  /** Parses {@code auto|prototype|head} (any case); the error lists the valid names. */
  public static ClassifierChoice parse(String text) {
    String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    for (ClassifierChoice c : values()) {
      if (c.name().equals(t)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown classifier '" + text
        + "'; valid: auto, prototype, head");
  }
}
