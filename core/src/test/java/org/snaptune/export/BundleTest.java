package org.snaptune.export;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snaptune.image.InputSpec;
import org.tensorflow.lite.schema.TensorType;

public class BundleTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final InputSpec SPEC = InputSpec.uint8(16, 12, 128f, 128f, 0.0078125f, 128);

  static ModelBundle bundle(int classes) {
    String[] labels = new String[classes];
    for (int i = 0; i < classes; i++) {
      labels[i] = "class " + i;
    }
    return ModelBundle.builder()
        .setBackbone(TinyModels.backbone(12, 16, TensorType.UINT8, 8))
        .setHead(TinyModels.head(8, classes))
        .setLabels(Arrays.asList(labels))
        .setInputSpec(SPEC)
        .setEmbeddingSize(8)
        .optCreatedBy("test")
        .build();
  }

  @Test
  public void fileRoundTripKeepsEveryPart() throws IOException {
    ModelBundle b = bundle(3);
    File f = new File(tmp.getRoot(), "model.snaptune");
    BundleWriter.write(b, f);
    ModelBundle r = BundleReader.defaults().read(f);
    assertArrayEquals(b.backbone(), r.backbone());
    assertArrayEquals(b.head(), r.head());
    assertEquals(b.labels(), r.labels());
    assertEquals(8, r.embeddingSize());
    assertEquals("test", r.createdBy());
    InputSpec s = r.inputSpec();
    assertEquals(16, s.width());
    assertEquals(12, s.height());
    assertEquals(InputSpec.DataType.UINT8, s.dataType());
    assertEquals(0.0078125f, s.scale(), 0f);
    assertEquals(128, s.zeroPoint());
    assertEquals(128f, s.mean(), 0f);
    assertEquals(1, tmp.getRoot().list().length);
  }

  @Test
  public void floatSpecAndUnicodeLabelsSurvive() throws IOException {
    ModelBundle b = ModelBundle.builder()
        .setBackbone(TinyModels.backbone(20, 20, TensorType.FLOAT32, 4))
        .setHead(TinyModels.head(4, 2))
        .setLabels(Arrays.asList("Kätzchen \"quoted\" \\ back", "犬"))
        .setInputSpec(InputSpec.float32(20, 20, 127.5f, 127.5f))
        .setEmbeddingSize(4)
        .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BundleWriter.write(b, out);
    ModelBundle r = BundleReader.defaults().read(new ByteArrayInputStream(out.toByteArray()));
    assertEquals(b.labels(), r.labels());
    assertEquals(InputSpec.DataType.FLOAT32, r.inputSpec().dataType());
    assertEquals(127.5f, r.inputSpec().std(), 0f);
  }

  @Test
  public void exportsAreByteIdentical() throws IOException {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    BundleWriter.write(bundle(2), a);
    BundleWriter.write(bundle(2), b);
    assertArrayEquals(a.toByteArray(), b.toByteArray());
  }

  @Test
  public void writerRefusesLabelCountMismatchAndLeavesOldFileIntact() throws IOException {
    File f = new File(tmp.getRoot(), "model.snaptune");
    BundleWriter.write(bundle(3), f);
    byte[] before = Files.readAllBytes(f.toPath());
    ModelBundle wrong = ModelBundle.builder()
        .setBackbone(TinyModels.backbone(12, 16, TensorType.UINT8, 8))
        .setHead(TinyModels.head(8, 3))
        .setLabels(Arrays.asList("a", "b", "c", "d"))
        .setInputSpec(SPEC).setEmbeddingSize(8).build();
    expect(() -> BundleWriter.write(wrong, f), "3 output classes but the manifest lists 4 labels");
    assertArrayEquals(before, Files.readAllBytes(f.toPath()));
    assertEquals("no temporary file left behind", 1, tmp.getRoot().list().length);
  }

  @Test
  public void writerRefusesBackboneThatDoesNotMatchPreprocessing() {
    ModelBundle wrongType = ModelBundle.builder()
        .setBackbone(TinyModels.backbone(12, 16, TensorType.FLOAT32, 8))
        .setHead(TinyModels.head(8, 2)).setLabels(Arrays.asList("a", "b"))
        .setInputSpec(SPEC).setEmbeddingSize(8).build();
    expect(() -> BundleWriter.write(wrongType, new ByteArrayOutputStream()), "input is FLOAT32");
    ModelBundle wrongEmbedding = ModelBundle.builder()
        .setBackbone(TinyModels.backbone(12, 16, TensorType.UINT8, 8))
        .setHead(TinyModels.head(6, 2)).setLabels(Arrays.asList("a", "b"))
        .setInputSpec(SPEC).setEmbeddingSize(6).build();
    expect(() -> BundleWriter.write(wrongEmbedding, new ByteArrayOutputStream()),
        "no output of embedding size 6");
  }

  @Test
  public void builderNamesMissingAndBadFields() {
    expect(() -> ModelBundle.builder().build(), "setBackbone");
    expect(() -> ModelBundle.builder().setBackbone(new byte[1]).setHead(new byte[1])
        .setInputSpec(SPEC).setEmbeddingSize(8).setLabels(Arrays.asList("a", "a")).build(),
        "\"a\" appears more than once");
    expect(() -> ModelBundle.builder().setBackbone(new byte[1]).setHead(new byte[1])
        .setInputSpec(SPEC).setEmbeddingSize(8).setLabels(Arrays.asList("only")).build(),
        "between 2 and");
    expect(() -> ModelBundle.builder().setBackbone(new byte[1]).setHead(new byte[1])
        .setInputSpec(SPEC).setEmbeddingSize(8).setLabels(Arrays.asList("a", "b\nc")).build(),
        "control character");
  }

  @Test
  public void headThatFailsVerificationIsRejected() throws IOException {
    byte[] head = TinyModels.head(8, 2);
    head[5] = 'X';
    Map<String, byte[]> e = entries(bundle(2));
    e.put(BundleManifest.HEAD_ENTRY, head);
    e.put(BundleManifest.MANIFEST_ENTRY, manifestFor(e, bundle(2)));
    expectRead(zip(e), "head.tflite fails model verification");
  }

  @Test
  public void everyMissingEntryIsNamed() throws IOException {
    for (String name : new String[] {BundleManifest.MANIFEST_ENTRY, BundleManifest.BACKBONE_ENTRY,
        BundleManifest.HEAD_ENTRY}) {
      Map<String, byte[]> e = entries(bundle(2));
      e.remove(name);
      // Without the manifest first, nothing bounds the models' sizes: refused at the first entry.
      expectRead(zip(e), name.equals(BundleManifest.MANIFEST_ENTRY)
          ? "bundle starts with backbone.tflite; a bundle starts with manifest.json"
          : "bundle has no " + name);
    }
  }

  @Test
  public void manifestProblemsAreNamed() throws IOException {
    String good = new String(entries(bundle(2)).get(BundleManifest.MANIFEST_ENTRY),
        StandardCharsets.UTF_8);
    expectManifest(good.replace("\"formatVersion\": 1", "\"formatVersion\": 2"),
        "unsupported formatVersion 2");
    expectManifest(good.replace("\"formatVersion\": 1", "\"formatVersion\": \"1\""),
        "\"formatVersion\" must be a number");
    expectManifest(good.replace("snaptune-bundle", "other"), "not a SnapTune bundle");
    expectManifest(good.replace("\"class 1\"", "\"class 1\", \"class 2\""),
        "2 output classes but the manifest lists 3 labels");
    expectManifest(good.replace("\"UINT8\"", "\"INT16\""), "\"preprocessing.dataType\" must be");
    expectManifest(good.replace("\"zeroPoint\": 128", "\"zeroPoint\": 300"),
        "\"preprocessing.zeroPoint\" must be an integer in [0, 255]");
    expectManifest(good.replace("\"width\": 16", "\"width\": 17"), "input is UINT8 [1, 12, 16, 3]");
    expectManifest(good.replace("\"embeddingSize\": 8", "\"embeddingSize\": 9"),
        "no output of embedding size 9");
    expectManifest(good.substring(0, good.length() / 2), "not valid JSON");
    expectManifest(good.replace("backbone.tflite", "../backbone.tflite"),
        "\"backbone.file\" must be \"backbone.tflite\"");
  }

  @Test
  public void tamperedModelIsCaughtByChecksum() throws IOException {
    Map<String, byte[]> e = entries(bundle(2));
    byte[] head = e.get(BundleManifest.HEAD_ENTRY).clone();
    head[head.length - 1] ^= 1;
    e.put(BundleManifest.HEAD_ENTRY, head);
    expectRead(zip(e), "head.tflite does not match the manifest's sha256");
  }

  @Test
  public void pathTraversalAndStrayEntriesAreRefused() throws IOException {
    for (String name : new String[] {"../evil.so", "/etc/passwd", "a\\..\\b", "lib/x.so",
        "C:evil", "extra.txt"}) {
      Map<String, byte[]> e = entries(bundle(2));
      e.put(name, new byte[] {1});
      String msg = expectRead(zip(e), "entry");
      assertTrue(msg, msg.contains("a bundle holds only"));
    }
  }

  @Test
  public void zipBombsAreCutOffWhileInflating() throws IOException {
    Map<String, byte[]> e = entries(bundle(2));
    e.put(BundleManifest.MANIFEST_ENTRY, new byte[BundleReader.MAX_MANIFEST_BYTES + 1]);
    expectRead(zip(e), "manifest.json inflates to more than");
    Map<String, byte[]> big = entries(bundle(2));
    big.put(BundleManifest.BACKBONE_ENTRY, new byte[20 << 20]);
    // Cut off at the size the manifest declares, long before 20 MiB are buffered.
    expectRead(zip(big), "backbone.tflite inflates to more than");
    String manifest = new String(big.get(BundleManifest.MANIFEST_ENTRY), StandardCharsets.UTF_8);
    big.put(BundleManifest.MANIFEST_ENTRY, manifest.replaceFirst("\"bytes\": \\d+",
        "\"bytes\": " + (20 << 20)).getBytes(StandardCharsets.UTF_8));
    expectRead(zip(big), "inflates more than 100x");
    big.put(BundleManifest.MANIFEST_ENTRY, manifest.replaceFirst("\"bytes\": \\d+",
        "\"bytes\": " + Integer.MAX_VALUE).getBytes(StandardCharsets.UTF_8));
    expectRead(zip(big), "declares backbone.tflite as 2147483647 bytes; the limit is");
    Map<String, byte[]> random = entries(bundle(2));
    byte[] noise = new byte[8192];
    new Random(3).nextBytes(noise);
    random.put(BundleManifest.HEAD_ENTRY, noise);
    try {
      BundleReader.withMaxModelBytes(4096).read(new ByteArrayInputStream(zip(random)));
      fail("a limit smaller than the head must refuse it");
    } catch (IllegalArgumentException ex) {
      assertTrue(ex.getMessage(), ex.getMessage().contains("head.tflite inflates to more than")
          || ex.getMessage().contains("; the limit is 4096"));
    }
  }

  @Test
  public void truncatedAndRandomInputGivesIllegalArgumentOnly() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BundleWriter.write(bundle(2), out);
    byte[] good = out.toByteArray();
    int rejected = 0;
    for (int cut = 0; cut < good.length; cut++) {
      byte[] part = Arrays.copyOf(good, cut);
      try {
        // A cut inside the trailing central directory leaves every file intact: the stream
        // reader never needs it, and the checksums prove the content is whole.
        ModelBundle r = BundleReader.defaults().read(new ByteArrayInputStream(part));
        assertArrayEquals("cut at " + cut, bundle(2).head(), r.head());
        assertArrayEquals("cut at " + cut, bundle(2).backbone(), r.backbone());
      } catch (IllegalArgumentException expected) {
        assertFalse(expected.getMessage().isEmpty());
        rejected++;
      }
    }
    assertTrue("most cuts lose content and must be refused: " + rejected, rejected > good.length / 2);
    Random rnd = new Random(7);
    for (int i = 0; i < 50; i++) {
      byte[] flipped = good.clone();
      flipped[rnd.nextInt(flipped.length)] ^= (byte) (1 << rnd.nextInt(8));
      try {
        ModelBundle r = BundleReader.defaults().read(new ByteArrayInputStream(flipped));
        // A flip in zip bookkeeping the stream reader never uses may leave the content intact.
        assertArrayEquals(bundle(2).head(), r.head());
        assertArrayEquals(bundle(2).backbone(), r.backbone());
      } catch (IllegalArgumentException expected) {
        assertFalse(expected.getMessage().isEmpty());
      }
    }
    byte[] noise = new byte[4096];
    rnd.nextBytes(noise);
    expectRead(noise, "");
    expectRead(new byte[0], "bundle has no manifest.json (it is empty or not a zip file)");
  }

  // ---- helpers ----

  private static Map<String, byte[]> entries(ModelBundle b) {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put(BundleManifest.MANIFEST_ENTRY,
        BundleManifest.of(b).toJson().getBytes(StandardCharsets.UTF_8));
    e.put(BundleManifest.BACKBONE_ENTRY, b.backbone());
    e.put(BundleManifest.HEAD_ENTRY, b.head());
    return e;
  }

  /** A manifest whose checksums match the (possibly replaced) files in {@code e}. */
  private static byte[] manifestFor(Map<String, byte[]> e, ModelBundle b) {
    return new BundleManifest(b.labels(), b.inputSpec(), b.embeddingSize(),
        e.get(BundleManifest.BACKBONE_ENTRY).length, Sha256.hex(e.get(BundleManifest.BACKBONE_ENTRY)),
        e.get(BundleManifest.HEAD_ENTRY).length, Sha256.hex(e.get(BundleManifest.HEAD_ENTRY)), "")
        .toJson().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> en : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(en.getKey()));
        z.write(en.getValue());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private void expectManifest(String manifest, String expected) throws IOException {
    Map<String, byte[]> e = entries(bundle(2));
    e.put(BundleManifest.MANIFEST_ENTRY, manifest.getBytes(StandardCharsets.UTF_8));
    expectRead(zip(e), expected);
  }

  private static String expectRead(byte[] zip, String expected) throws IOException {
    try {
      BundleReader.defaults().read(new ByteArrayInputStream(zip));
    } catch (IllegalArgumentException e) {
      assertTrue("message \"" + e.getMessage() + "\" should contain \"" + expected + "\"",
          e.getMessage().contains(expected));
      return e.getMessage();
    }
    throw new AssertionError("bundle accepted; expected a failure containing: " + expected);
  }

  interface Action {
    void run() throws Exception;
  }

  static void expect(Action a, String expected) {
    try {
      a.run();
    } catch (IllegalArgumentException e) {
      assertTrue("message \"" + e.getMessage() + "\" should contain \"" + expected + "\"",
          e.getMessage().contains(expected));
      return;
    } catch (Exception e) {
      throw new AssertionError("expected IllegalArgumentException, got " + e, e);
    }
    fail("no exception; expected one containing: " + expected);
  }
}
