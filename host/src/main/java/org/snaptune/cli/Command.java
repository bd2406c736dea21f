package org.snaptune.cli;

import java.io.IOException;
import java.io.PrintStream;

/**
 * One subcommand of {@code snaptune-cli.jar}, registered with one line in {@link SnapTuneCli}.
 * Implementations are stateless; {@link #run} may be called from any thread.
 */
public interface Command {

  /** The word that selects this command, e.g. {@code inspect}. */
  String name();

  /** Arguments, for the usage text, e.g. {@code FILE}. */
  String synopsis();

  /** One sentence saying what the command does. */
  String description();

  /**
   * Runs the command with the arguments after its name, writing results to {@code out}.
   *
   * @return the exit status, 0 on success
   * @throws IllegalArgumentException for bad input (arguments, files); its message, one line,
   *     is shown to the user and the process exits with {@link SnapTuneCli#EXIT_BAD_INPUT}
   * @throws IOException when reading or writing a file fails ({@link SnapTuneCli#EXIT_IO})
   */
  int run(String[] args, PrintStream out) throws IOException;
}
