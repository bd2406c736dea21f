package org.snaptune.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AtomicFilesTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  /** The folder holds exactly these files (sorted names): no temporary file left behind. */
  private static void assertFolderHolds(Path folder, String... sortedNames) throws IOException {
    assertEquals(Arrays.asList(sortedNames), names(folder));
  }

  private static String read(Path p) throws IOException {
    return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  public void writesNewFileAndLeavesNoTemporaryFile() throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path target = dir.resolve("model.bin");
    AtomicFiles.write(target, utf8("hello"));
    assertEquals("hello", read(target));
    assertFolderHolds(dir, "model.bin");
  }

  @Test
  public void replacesExistingFileWhole() throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path target = dir.resolve("a.json");
    Files.write(target, utf8("a much longer old content that must not survive as a tail"));
    AtomicFiles.write(target, out -> out.write(utf8("new")));
    assertEquals("new", read(target));
    assertFolderHolds(dir, "a.json");
  }

  @Test
  public void failureMidWriteKeepsOldFileAndDeletesTemporaryFile() throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path target = dir.resolve("head.tflite");
    Files.write(target, utf8("old complete file"));
    IOException boom = new IOException("disk full");
    try {
      AtomicFiles.write(target, out -> {
        out.write(new byte[100_000]);
        throw boom;
      });
      fail("the failure was swallowed");
    } catch (IOException e) {
      assertSame(boom, e);
    }
    assertEquals("old complete file", read(target));
    assertFolderHolds(dir, "head.tflite");
  }

  @Test
  public void runtimeFailureMidWriteLeavesNothingBehind() throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path target = dir.resolve("new.bin");
    try {
      AtomicFiles.write(target, out -> {
        out.write(utf8("half"));
        throw new IllegalStateException("encoder bug");
      });
      fail("the failure was swallowed");
    } catch (IllegalStateException e) {
      assertEquals("encoder bug", e.getMessage());
    }
    assertFalse(Files.exists(target));
    assertFolderHolds(dir);
  }

  @Test
  public void pendingWithoutCommitDeletesTemporaryFileAndKeepsTarget() throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path target = dir.resolve("trace.jsonl");
    Files.write(target, utf8("previous trace"));
    AtomicFiles.Pending p = AtomicFiles.open(target);
    p.stream().write(utf8("{\"step\":1}\n"));
    assertEquals("a temporary file beside the target", 2, names(dir).size());
    assertTrue(names(dir).get(0).startsWith(".trace.jsonl."));
    p.close();
    p.close(); // idempotent
    assertEquals("previous trace", read(target));
    assertFolderHolds(dir, "trace.jsonl");
    try {
      p.commit();
      fail("committed an abandoned file");
    } catch (IllegalStateException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("trace.jsonl"));
    }
  }

  @Test
  public void writersAroundTheStreamMayBeClosedBeforeCommit() throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path target = dir.resolve("trace.jsonl");
    try (AtomicFiles.Pending p = AtomicFiles.open(target)) {
      Writer w = new BufferedWriter(new OutputStreamWriter(p.stream(), StandardCharsets.UTF_8));
      w.write("line 1\n");
      assertFalse("nothing visible before the commit", Files.exists(target));
      w.close(); // flushes the buffer; the file stays open for the commit
      p.commit();
    }
    assertEquals("line 1\n", read(target));
    assertFolderHolds(dir, "trace.jsonl");
  }

  @Test
  public void failedCommitDeletesTemporaryFile() throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path target = dir.resolve("out.bin");
    AtomicFiles.Pending p = AtomicFiles.open(target);
    p.stream().write(utf8("content"));
    // The target turns into a non-empty folder before the rename: the move must fail.
    Files.createDirectory(target);
    Files.write(target.resolve("keep.txt"), utf8("keep"));
    try {
      p.commit();
      fail("renamed onto a non-empty folder");
    } catch (IOException e) {
      // expected
    }
    p.close();
    assertEquals("keep", read(target.resolve("keep.txt")));
    assertFolderHolds(dir, "out.bin");
  }

  @Test
  public void missingFolderFailsNamingItAndCreatesNothing() throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path target = dir.resolve("no-such-folder").resolve("x.bin");
    try {
      AtomicFiles.write(target, utf8("x"));
      fail("wrote into a missing folder");
    } catch (NoSuchFileException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("no-such-folder"));
    }
    assertFolderHolds(dir);
  }

  @Test
  public void folderAsTargetIsRefusedAndLeftAlone() throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path target = dir.resolve("models");
    Files.createDirectory(target);
    try {
      AtomicFiles.write(target, utf8("x"));
      fail("replaced a folder");
    } catch (IOException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("is a folder"));
    }
    assertTrue(Files.isDirectory(target));
    assertFolderHolds(dir, "models");
  }

  @Test
  public void bytesRoundTripExactly() throws Exception {
    Path target = tmp.newFolder().toPath().resolve("w.bin");
    byte[] data = new byte[1 << 20];
    new java.util.Random(7).nextBytes(data);
    AtomicFiles.write(target, data);
    assertArrayEquals(data, Files.readAllBytes(target));
  }

  @Test
  public void leftoversOfACrashAreDeletedAndNothingElse() throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path target = dir.resolve("checkpoint.bin");
    Files.write(target, utf8("good"));
    // What a killed process leaves: temporary files named for the target.
    Files.write(dir.resolve(".checkpoint.bin.123.tmp"), utf8("half"));
    Files.write(dir.resolve(".checkpoint.bin.9876543210.tmp"), utf8("half"));
    Files.write(dir.resolve(".other.bin.123.tmp"), utf8("another file's write"));
    Files.write(dir.resolve("checkpoint.bin.prev"), utf8("previous"));
    assertEquals(2, AtomicFiles.deleteLeftovers(target));
    assertFolderHolds(dir, ".other.bin.123.tmp", "checkpoint.bin", "checkpoint.bin.prev");
    assertEquals(0, AtomicFiles.deleteLeftovers(target));
    assertEquals(0, AtomicFiles.deleteLeftovers(dir.resolve("missing").resolve("x")));
  }

  @Test
  public void commitKeepingPreviousMovesTheOldFileAsideAndLeavesNoTemporaryFile() throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path target = dir.resolve("run.ckpt");
    Path previous = dir.resolve("run.ckpt.prev");
    try (AtomicFiles.Pending p = AtomicFiles.open(target)) {
      p.stream().write(utf8("first"));
      p.commitKeepingPrevious(previous);
    }
    // Nothing to keep yet: no .prev appears.
    assertFolderHolds(dir, "run.ckpt");
    for (String next : new String[] {"second", "third"}) {
      try (AtomicFiles.Pending p = AtomicFiles.open(target)) {
        p.stream().write(utf8(next));
        p.commitKeepingPrevious(previous);
      }
    }
    assertEquals("third", read(target));
    assertEquals("second", read(previous));
    assertFolderHolds(dir, "run.ckpt", "run.ckpt.prev");
  }

  @Test
  public void abandonedWriteKeepsTargetAndPreviousAsTheyWere() throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path target = dir.resolve("run.ckpt");
    Path previous = dir.resolve("run.ckpt.prev");
    Files.write(target, utf8("current"));
    Files.write(previous, utf8("older"));
    try (AtomicFiles.Pending p = AtomicFiles.open(target)) {
      p.stream().write(utf8("half"));
    }
    assertEquals("current", read(target));
    assertEquals("older", read(previous));
    assertFolderHolds(dir, "run.ckpt", "run.ckpt.prev");
    AtomicFiles.Pending p = AtomicFiles.open(target);
    p.commit();
    try {
      p.commitKeepingPrevious(previous);
      fail("a second commit must be refused");
    } catch (IllegalStateException expected) {
      assertTrue(expected.getMessage(), expected.getMessage().contains("already committed"));
    }
  }
}
