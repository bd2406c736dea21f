package org.snaptune.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Every hostile command-line input of issue 14 gives exit 2 (bad input) and one line on stderr
 * naming the input and the limit, never an OutOfMemoryError, a stack trace or a silent success.
 */
public class CliHostileInputTest {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  /** Runs the CLI in this JVM; asserts the exit code and a single stderr line; returns it. */
  private static String badInput(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SnapTuneCli.run(args, new PrintStream(out, true), new PrintStream(err, true));
    String e = new String(err.toByteArray(), StandardCharsets.UTF_8);
    assertEquals("stderr: " + e, SnapTuneCli.EXIT_BAD_INPUT, code);
    assertEquals("one line: " + e, 1, e.split("\n").length);
    assertFalse(e, e.contains("Exception") || e.contains("\tat "));
    return e;
  }

  private Path csv(String name, String text) throws Exception {
    Path p = tmp.getRoot().toPath().resolve(name);
    Files.write(p, text.getBytes(StandardCharsets.UTF_8));
    return p;
  }

  @Test
  public void gigabyteCsvWithoutLineBreaksIsRefusedWhileStreaming() throws Exception {
    Path big = tmp.getRoot().toPath().resolve("big.csv");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(1L << 30); // sparse: a 1 GiB file that costs no disk
    }
    Path eval = csv("eval.csv", "a,1\nb,2\n");
    String e = badInput("train", "--train", big.toString(), "--eval", eval.toString());
    assertTrue(e, e.contains("line 1 is longer than " + InputLimits.MAX_CSV_LINE_CHARS));
  }

  @Test
  public void hundredThousandClassesAreRefused() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      sb.append('c').append(i).append(",0.5\n");
    }
    Path train = csv("train.csv", sb.toString());
    String e = badInput("train", "--train", train.toString(), "--eval", train.toString());
    assertTrue(e, e.contains("number of classes in " + train + " is 100000; valid: 1..10000"));
    e = badInput("head", "--embedding", "8", "--classes", "100000", "--batch", "4", "--out",
        tmp.getRoot().toPath().resolve("h.tflite").toString());
    assertTrue(e, e.contains("--classes is 100000; valid: 1..10000"));
  }

  @Test
  public void hugeOrOverflowingBatchesAndEmbeddingsAreRefused() throws Exception {
    Path train = csv("train.csv", "a,1,2\nb,2,1\n");
    for (String batch : new String[] {"100000000", "2147483647", "0", "-5"}) {
      String e = badInput("train", "--train", train.toString(), "--eval", train.toString(),
          "--batch", batch);
      assertTrue(e, e.contains("--batch is " + batch + "; valid: 1..1024"));
    }
    String out = tmp.getRoot().toPath().resolve("h.tflite").toString();
    assertTrue(badInput("head", "--embedding", "8", "--classes", "3", "--batch", "100000000",
        "--out", out).contains("--batch is 100000000; valid: 1..1024"));
    assertTrue(badInput("head", "--embedding", "1000000", "--classes", "3", "--batch", "4",
        "--out", out).contains("--embedding is 1000000; valid: 1..16384"));
    assertTrue(badInput("train", "--train", train.toString(), "--eval", train.toString(),
        "--hidden", "100000000").contains("--hidden layer is 100000000"));
  }

  @Test
  public void byteOrderMarkDoesNotMakeAPhantomClass() throws Exception {
    EmbeddingCsv c = EmbeddingCsv.read(csv("bom.csv", "\uFEFFcat,1,2\ndog,3,4\ncat,5,6\n")
        .toString(), "training CSV");
    assertEquals(Arrays.asList("cat", "dog"), c.classNames());
    assertEquals(3, c.size());
  }

  @Test
  public void outputOntoADeviceNodeIsRefused() {
    assumeTrue(Files.exists(Paths.get("/dev/null")));
    String e = badInput("head", "--embedding", "8", "--classes", "3", "--batch", "4", "--out",
        "/dev/null");
    assertTrue(e, e.contains("'/dev/null' exists and is not a regular file"));
    assertTrue(Files.exists(Paths.get("/dev/null")) && !Files.isRegularFile(Paths.get("/dev/null")));
  }

  @Test
  public void gzipBombAfterAnIdxHeaderIsCutOff() throws Exception {
    Path images = tmp.getRoot().toPath().resolve("bomb-images.idx.gz");
    try (DataOutputStream d = new DataOutputStream(new GZIPOutputStream(
        Files.newOutputStream(images)))) {
      d.writeInt(0x803);
      d.writeInt(2);
      d.writeInt(28);
      d.writeInt(28);
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) { // 64 MiB of zeros behind a 1,568-byte image payload
        d.write(zeros);
      }
    }
    Path labels = tmp.getRoot().toPath().resolve("labels.idx");
    try (DataOutputStream d = new DataOutputStream(Files.newOutputStream(labels))) {
      d.writeInt(0x801);
      d.writeInt(2);
      d.write(new byte[] {0, 1});
    }
    try {
      IdxImages.read(images, labels);
      throw new AssertionError("accepted a gzip bomb");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("has data after the 1568 pixel bytes"));
    }
    Path lying = tmp.getRoot().toPath().resolve("lying.idx");
    try (DataOutputStream d = new DataOutputStream(Files.newOutputStream(lying))) {
      d.writeInt(0x803);
      d.writeInt(1_000_000);
      d.writeInt(1000);
      d.writeInt(1000);
    }
    try {
      IdxImages.read(lying, labels);
      throw new AssertionError("accepted a header announcing 10^12 pixels");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("at most " + InputLimits.MAX_IDX_BYTES));
    }
  }

  @Test
  public void pictureDeclaring40000By40000PixelsIsRefusedFromItsHeader() throws Exception {
    Path png = tmp.getRoot().toPath().resolve("big.png");
    Files.write(png, pngHeaderOnly(40_000, 40_000));
    try {
      PictureReader.read(png);
      throw new AssertionError("decoded a 1.6-gigapixel picture");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("is 40000x40000 pixels; at most "
          + InputLimits.MAX_IMAGE_PIXELS));
    }
  }

  /** A PNG signature and IHDR chunk (8-bit RGB), then IEND: enough for a reader's header. */
  static byte[] pngHeaderOnly(int w, int h) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(b, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2)
        .put((byte) 0).put((byte) 0).put((byte) 0).array());
    chunk(b, "IEND", new byte[0]);
    return b.toByteArray();
  }

  private static void chunk(OutputStream out, String type, byte[] data) throws Exception {
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(data.length);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    d.write(t);
    d.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    d.writeInt((int) crc.getValue());
  }

  @Test
  public void outOfMemoryBecomesExitOneWithOneLineNamingTheInput() throws Exception {
    // 4 million values fit the CSV limits but not a 24 MB heap: the last-resort handler speaks.
    Path big = tmp.getRoot().toPath().resolve("big.csv");
    try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(big), 1 << 16)) {
      byte[] row = ("c,0.25" + String.join("", java.util.Collections.nCopies(999, ",0.25"))
          + "\n").getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 4000; i++) {
        o.write(row);
      }
    }
    ChildJvm.Result r = ChildJvm.run(SnapTuneCli.class, Arrays.asList("-Xmx24m"),
        Arrays.asList("train", "--train", big.toString(), "--eval", big.toString()), 120);
    assertEquals(r.output, SnapTuneCli.EXIT_IO, r.exitCode);
    String[] lines = r.output.trim().split("\n");
    assertEquals(r.output, 1, lines.length);
    assertTrue(r.output, lines[0].startsWith("snaptune train: out of memory reading training CSV '"
        + big + "' (limit " + InputLimits.MAX_CSV_VALUES + " values) with a "));
  }
}
