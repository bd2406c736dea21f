package org.snaptune.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the command line in-process the way the CLI tests need it. Stateless. */
final class CliRun {

  private CliRun() {}

  /** Runs {@code args}, asserts the exit status, returns {stdout, stderr}. */
  static String[] run(int expectedExit, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SnapTuneCli.run(args, new PrintStream(out, true), new PrintStream(err, true));
    String o = new String(out.toByteArray(), StandardCharsets.UTF_8);
    String e = new String(err.toByteArray(), StandardCharsets.UTF_8);
    assertEquals("exit code; stdout: " + o + "\nstderr: " + e, expectedExit, code);
    return new String[] {o, e};
  }

  /** The number of JSON field {@code field} in {@code json} (asserting it is there). */
  static double number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\": ([-0-9.eE+]+)").matcher(json);
    assertTrue(field + " in " + json, m.find());
    return Double.parseDouble(m.group(1));
  }
}
