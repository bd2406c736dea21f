package org.snaptune.cli;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CliArgsTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static CliArgs parse(String... args) {
    return CliArgs.parse("demo", args, CliArgs.names("out", "n", "x", "list"),
        CliArgs.names("dry-run"));
  }

  private static String error(Runnable r) {
    try {
      r.run();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    fail("no IllegalArgumentException");
    return null;
  }

  @Test
  public void parsesBothOptionFormsFlagsAndPositionals() {
    CliArgs a = parse("in.tflite", "--out", "o.tflite", "--n=7", "--dry-run", "--list", "3, 4");
    assertEquals(Arrays.asList("in.tflite"), a.positionals());
    assertEquals("o.tflite", a.required("out"));
    assertEquals(7, a.intValue("n", null));
    assertTrue(a.flag("dry-run"));
    assertArrayEquals(new int[] {3, 4}, a.intList("list"));
    assertEquals(0.5, a.doubleValue("x", 0.5), 0);
    assertEquals(9, a.intValue("x", 9));
    assertEquals("in.tflite", a.single("FILE"));
  }

  @Test
  public void namesTheProblem() {
    assertEquals("unknown option --outt for 'demo'; valid: --dry-run, --list, --n, --out, --x",
        error(() -> parse("--outt", "a")));
    assertEquals("--out needs a value", error(() -> parse("--out")));
    assertEquals("--out given twice", error(() -> parse("--out", "a", "--out=b")));
    assertEquals("--dry-run takes no value", error(() -> parse("--dry-run=yes")));
    assertEquals("--n must be an integer, got '1.5'",
        error(() -> parse("--n", "1.5").intValue("n", null)));
    assertEquals("--x must be a finite number, got 'Infinity'",
        error(() -> parse("--x", "Infinity").doubleValue("x", 0)));
    assertEquals("--x must be a number, got 'abc'",
        error(() -> parse("--x", "abc").doubleValue("x", 0)));
    assertTrue(error(() -> parse("--list", "1,,2").intList("list")).contains("comma-separated"));
    assertEquals("'demo' needs --out", error(() -> parse().required("out")));
    assertEquals("'demo' needs exactly one FILE, got [a, b]",
        error(() -> parse("a", "b").single("FILE")));
  }

  @Test
  public void atomicWriteReplacesAndLeavesNoTempFiles() throws Exception {
    Path dir = tmp.newFolder("w").toPath();
    Path target = dir.resolve("m.tflite");
    Files.write(target, "old".getBytes(StandardCharsets.UTF_8));
    CliFiles.writeAtomically(target.toString(), "new contents".getBytes(StandardCharsets.UTF_8));
    assertEquals("new contents", new String(Files.readAllBytes(target), StandardCharsets.UTF_8));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
    assertTrue(error(() -> CliFiles.checkOutput(dir.toString())).contains("is a folder"));
    assertTrue(error(() -> CliFiles.checkOutput(dir.resolve("no/x").toString()))
        .contains("does not exist"));
  }

  @Test
  public void readNamesMissingFilesAndFolders() throws Exception {
    Path dir = tmp.newFolder("r").toPath();
    assertEquals("model '" + dir.resolve("x") + "' does not exist",
        error(() -> readQuietly(dir.resolve("x").toString())));
    assertEquals("model '" + dir + "' is not a regular file",
        error(() -> readQuietly(dir.toString())));
  }

  private static void readQuietly(String name) {
    try {
      CliFiles.read(name, "model");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
