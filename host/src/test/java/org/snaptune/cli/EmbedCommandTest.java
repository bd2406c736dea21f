package org.snaptune.cli;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;
import static org.snaptune.cli.CliRun.run;

import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code embed} through MobileNetV2 on the host runtime (skipped without the shared models). */
public class EmbedCommandTest {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private Path backbone;

  @Before
  public void findBackbone() {
    backbone = Paths.get(System.getProperty("snaptune.shared.models", "../shared/models"))
        .resolve("mobilenet_v2_1.0_224_quant.tflite");
    assumeTrue("backbone missing: " + backbone, Files.isRegularFile(backbone));
  }

  private static int[] picture(int w, int h, int seed) {
    int[] argb = new int[w * h];
    for (int i = 0; i < argb.length; i++) {
      int x = i % w;
      int y = i / w;
      argb[i] = 0xff000000 | (((x * seed) & 0xff) << 16) | (((y * 7 + seed * 40) & 0xff) << 8)
          | ((x ^ y) & 0xff);
    }
    return argb;
  }

  private static void png(Path file, int[] argb, int w, int h) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    img.setRGB(0, 0, w, h, argb, 0, w);
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
  }

  @Test
  public void embedsAFolderOfPicturesLabelledBySubFolder() throws Exception {
    Path dir = tmp.newFolder("pics").toPath();
    png(dir.resolve("cat/a.png"), picture(64, 48, 3), 64, 48);
    png(dir.resolve("cat/b.png"), picture(32, 32, 5), 32, 32);
    png(dir.resolve("dog/c.png"), picture(50, 70, 9), 50, 70);
    Path out = tmp.getRoot().toPath().resolve("emb.csv");
    run(0, "embed", "--backbone", backbone.toString(), "--images", dir.toString(), "--out",
        out.toString(), "--threads", "1");
    String text = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
    EmbeddingCsv csv = EmbeddingCsv.parse(text, "emb.csv");
    assertEquals(3, csv.size());
    assertEquals(1280, csv.dimension());
    assertEquals(java.util.Arrays.asList("cat", "dog"), csv.classNames());
    // The CSV row is exactly what the embedder gives for that picture.
    try (ImageEmbedder e = new ImageEmbedder(Files.readAllBytes(backbone), 1)) {
      float[] direct = e.embed(picture(50, 70, 9), 50, 70);
      String[] row = text.split("\n")[2].split(",");
      float[] fromCsv = new float[row.length - 1];
      for (int i = 1; i < row.length; i++) {
        fromCsv[i - 1] = Float.parseFloat(row[i]);
      }
      assertArrayEquals(direct, fromCsv, 0f);
      float max = 0;
      for (float v : direct) {
        max = Math.max(max, v);
      }
      assertTrue("embedding is not all zero", max > 0);
    }
  }

  private static void idx(Path file, int magic, int[] dims, byte[] data) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(data);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(b.array());
    }
  }

  @Test
  public void embedsAnIdxPairWithLabelNames() throws Exception {
    byte[] pixels = new byte[3 * 28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) ((i * 31) % 256);
    }
    Path images = tmp.getRoot().toPath().resolve("img.idx.gz");
    Path labels = tmp.getRoot().toPath().resolve("lab.idx.gz");
    idx(images, 0x803, new int[] {3, 28, 28}, pixels);
    idx(labels, 0x801, new int[] {3}, new byte[] {2, 0, 1});
    Path out = tmp.getRoot().toPath().resolve("idx.csv");
    run(0, "embed", "--backbone", backbone.toString(), "--images", images.toString(), "--labels",
        labels.toString(), "--label-names", "zero,one,two", "--out", out.toString());
    EmbeddingCsv csv = EmbeddingCsv.parse(new String(Files.readAllBytes(out),
        StandardCharsets.UTF_8), "idx.csv");
    assertEquals(java.util.Arrays.asList("two", "zero", "one"), csv.classNames());
    // Counts that disagree are refused, and nothing is written.
    idx(labels, 0x801, new int[] {2}, new byte[] {2, 0});
    Path never = tmp.getRoot().toPath().resolve("never.csv");
    String[] o = run(SnapTuneCli.EXIT_BAD_INPUT, "embed", "--backbone", backbone.toString(),
        "--images", images.toString(), "--labels", labels.toString(), "--out", never.toString());
    assertTrue(o[1], o[1].contains("holds 2 labels"));
    assertFalse(Files.exists(never));
  }

  @Test
  public void twoWorkersGiveTheSameRowsInTheSameOrderAndNameTheEngine() throws Exception {
    Path dir = tmp.newFolder("many").toPath();
    for (int i = 0; i < 7; i++) {
      png(dir.resolve((i % 2 == 0 ? "even" : "odd") + "/p" + i + ".png"), picture(40, 30, i + 2),
          40, 30);
    }
    Path one = tmp.getRoot().toPath().resolve("one.csv");
    Path two = tmp.getRoot().toPath().resolve("two.csv");
    run(0, "embed", "--backbone", backbone.toString(), "--images", dir.toString(), "--out",
        one.toString(), "--threads", "1");
    String[] o = run(0, "embed", "--backbone", backbone.toString(), "--images", dir.toString(),
        "--out", two.toString(), "--threads", "2");
    assertTrue(o[0], o[0].contains("engine: host CPU (XNNPACK), 1 thread × 2 workers; XNNPACK "));
    assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(two));
  }

  @Test
  public void badThreadCountsAreRefusedWithTheValidRange() throws Exception {
    Path dir = tmp.newFolder("t").toPath();
    png(dir.resolve("cat/a.png"), picture(8, 8, 1), 8, 8);
    Path out = tmp.getRoot().toPath().resolve("t.csv");
    for (String bad : new String[] {"0", "-3", "100000"}) {
      String[] o = run(SnapTuneCli.EXIT_BAD_INPUT, "embed", "--backbone", backbone.toString(),
          "--images", dir.toString(), "--out", out.toString(), "--threads", bad);
      assertTrue(o[1], o[1].contains("--threads must be 1 to 16"));
      assertTrue(o[1], o[1].contains("got " + bad));
    }
    assertFalse(Files.exists(out));
  }

  @Test
  public void badPicturesAreNamed() throws Exception {
    Path dir = tmp.newFolder("bad").toPath();
    Files.createDirectories(dir.resolve("cat"));
    Files.write(dir.resolve("cat/broken.png"), new byte[] {1, 2, 3, 4});
    Path out = tmp.getRoot().toPath().resolve("x.csv");
    String[] o = run(SnapTuneCli.EXIT_BAD_INPUT, "embed", "--backbone", backbone.toString(),
        "--images", dir.toString(), "--out", out.toString());
    assertTrue(o[1], o[1].contains("cannot decode picture"));
    Files.delete(dir.resolve("cat/broken.png"));
    png(dir.resolve("loose.png"), picture(8, 8, 1), 8, 8);
    o = run(SnapTuneCli.EXIT_BAD_INPUT, "embed", "--backbone", backbone.toString(),
        "--images", dir.toString(), "--out", out.toString());
    assertTrue(o[1], o[1].contains("not in a class sub-folder"));
    o = run(SnapTuneCli.EXIT_BAD_INPUT, "embed", "--backbone", backbone.toString(),
        "--images", dir.resolve("loose.png").toString(), "--out", out.toString());
    assertTrue(o[1], o[1].contains("needs --labels"));
    assertFalse(Files.exists(out));
  }
}
