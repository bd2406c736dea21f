package org.snaptune.testing;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The one way tests assert a refusal: an IllegalArgumentException (bad input) or an
 * IllegalStateException (a call out of order) whose message names the problem.
 */
public final class Expect {

  private Expect() {}

  /**
   * Runs {@code action}, which must throw an IllegalArgumentException whose message contains
   * {@code fragment}; returns the message.
   */
  public static String refused(String fragment, Runnable action) {
    return thrown(IllegalArgumentException.class, fragment, action);
  }

  /** As {@link #refused}, for an IllegalStateException: a call made out of order. */
  public static String misuse(String fragment, Runnable action) {
    return thrown(IllegalStateException.class, fragment, action);
  }

  private static String thrown(Class<? extends RuntimeException> type, String fragment,
      Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      if (!type.isInstance(e)) {
        throw e;
      }
      assertTrue("message '" + e.getMessage() + "' should contain '" + fragment + "'",
          e.getMessage() != null && e.getMessage().contains(fragment));
      return e.getMessage();
    }
    fail("expected " + type.getSimpleName() + " containing '" + fragment + "'");
    return null;
  }
}
