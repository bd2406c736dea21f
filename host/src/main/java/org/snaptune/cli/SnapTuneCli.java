package org.snaptune.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code java -jar snaptune-cli.jar COMMAND ...}: the command line of SnapTune for desktop users
 * and CI. Each command is a {@link Command} registered with one line below. Exit status: 0 on
 * success, {@value #EXIT_BAD_INPUT} for bad input (with a one-line reason on stderr, no stack
 * trace), {@value #EXIT_IO} when a file cannot be read or written, {@value #EXIT_INTERNAL} for
 * an unexpected failure. Thread-safe: the registry is fixed at class initialisation.
 */
public final class SnapTuneCli {

  public static final int EXIT_OK = 0;
  public static final int EXIT_IO = 1;
  public static final int EXIT_BAD_INPUT = 2;
  public static final int EXIT_INTERNAL = 3;

  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  static {
    register(new HeadCommand());
    register(new InspectCommand());
    register(new AdaptCommand());
    register(new TrainCommand());
    register(new EmbedCommand());
  }

  private SnapTuneCli() {}

  private static void register(Command c) {
    if (COMMANDS.put(c.name(), c) != null) {
      throw new IllegalStateException("command '" + c.name() + "' registered twice");
    }
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command line; returns the exit status. Testable: nothing here calls exit. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.print(usage());
      return EXIT_BAD_INPUT;
    }
    if (isHelp(args[0]) || args[0].equals("help")) {
      out.print(usage());
      return EXIT_OK;
    }
    Command c = COMMANDS.get(args[0]);
    if (c == null) {
      err.println("snaptune: unknown command '" + args[0] + "'; valid: "
          + String.join(", ", COMMANDS.keySet()) + " (--help for usage)");
      return EXIT_BAD_INPUT;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    for (String a : rest) {
      if (isHelp(a)) {
        out.println("usage: java -jar snaptune-cli.jar " + c.name() + " " + c.synopsis());
        out.println("  " + c.description());
        return EXIT_OK;
      }
    }
    try {
      return c.run(rest, out);
    } catch (OutOfMemoryError e) {
      // Limits stop known inputs early; this catches what a small heap still cannot hold.
      err.println(CliMemory.message(c.name()));
      return EXIT_IO;
    } catch (IllegalArgumentException e) {
      err.println("snaptune " + c.name() + ": " + oneLine(e.getMessage()));
      return EXIT_BAD_INPUT;
    } catch (IOException e) {
      err.println("snaptune " + c.name() + ": I/O error: " + oneLine(String.valueOf(e)));
      return EXIT_IO;
    } catch (RuntimeException | LinkageError e) {
      err.println("snaptune " + c.name() + ": internal error: " + oneLine(String.valueOf(e)));
      return EXIT_INTERNAL;
    } finally {
      CliMemory.clear();
    }
  }

  private static boolean isHelp(String a) {
    return a.equals("--help") || a.equals("-h");
  }

  private static String oneLine(String s) {
    return s == null ? "(no message)" : s.replace('\n', ' ').replace('\r', ' ');
  }

  /** The usage text listing every registered command. */
  public static String usage() {
    StringBuilder s = new StringBuilder("usage: java -jar snaptune-cli.jar COMMAND [ARGS]\n");
    for (Command c : COMMANDS.values()) {
      s.append(String.format(Locale.ROOT, "  %-8s %s%n  %-8s   %s%n", c.name(), c.synopsis(), "",
          c.description()));
    }
    s.append("exit status: 0 ok, 1 I/O error, 2 bad input, 3 internal error\n");
    return s.toString();
  }
}
