package org.snaptune.export;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

/** Imported labels follow at least the rules of a typed class name (issue 14). */
public class LabelTextTest {

  private static String rejection(String label) {
    try {
      LabelText.check(label, 4);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    fail("accepted label " + label.codePoints().mapToObj(c -> String.format("U+%04X", c))
        .reduce("", (a, b) -> a + " " + b));
    return null;
  }

  @Test
  public void refusesWhatWouldDisplayAsSomethingElseOrNothing() {
    assertTrue(rejection("ca\uD800t").contains("label 4 contains a lone surrogate (U+D800)"));
    assertTrue(rejection("\uDC00cat").contains("a lone surrogate (U+DC00) at position 0"));
    assertTrue(rejection("\u202Etac").contains("a bidirectional-text control (U+202E)"));
    assertTrue(rejection("cat\u2066").contains("bidirectional-text control"));
    assertTrue(rejection("ca\u007Ft").contains("a control character (U+007F)"));
    assertTrue(rejection("ca\u0085t").contains("a control character (U+0085)"));
    assertTrue(rejection("\u200C\u200D").contains("label 4 has no visible character"));
    assertTrue(rejection(" \u3164").contains("no visible character"));
    assertTrue(rejection("\uFEFFcat").contains("an invisible character (U+FEFF) at position 0"));
    assertTrue(rejection("c\u200Bat").contains("an invisible character (U+200B)"));
  }

  @Test
  public void acceptsOrdinaryTextInAnyScript() {
    for (String ok : new String[] {"cat", "dög", "猫", "🐱 cat", "كلب", "e\u0301",
        "\uD83D\uDC68\u200D\uD83D\uDC67"}) {
      LabelText.check(ok, 0);
    }
  }

  @Test
  public void bundleLabelsUseTheRules() {
    try {
      ModelBundle.checkLabels(java.util.Arrays.asList("cat", "\u202Egod"));
      fail("a bundle accepted a bidi override");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("label 1 contains a bidirectional"));
    }
  }
}
