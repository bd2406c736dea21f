package org.snaptune.cli;

/**
 * Which input a command is reading, so that an OutOfMemoryError (which no limit can rule out
 * entirely: the heap may simply be small) becomes one line naming that input and its limit
 * instead of a stack trace. Thread-confined in practice: a command runs on one thread, and the
 * field is volatile for the handler in {@link SnapTuneCli}.
 */
public final class CliMemory {

  private static volatile String current;

  private CliMemory() {}

  /** Records that {@code what} (e.g. "training CSV 'a.csv' (limit ...)") is being read. */
  public static void reading(String what) {
    current = what;
  }

  /** Clears the record at the end of a command. */
  static void clear() {
    current = null;
  }

  /** The one-line message for an OutOfMemoryError in command {@code command}. */
  static String message(String command) {
    String what = current;
    long maxMb = Runtime.getRuntime().maxMemory() >> 20;
    return "snaptune " + command + ": out of memory" + (what == null ? "" : " reading " + what)
        + " with a " + maxMb + " MB heap; use a smaller input or a larger heap (java -Xmx...)";
  }
}
