package org.snaptune.fuzz;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snaptune.cli.ChildJvm;
import org.snaptune.export.BundleManifest;
import org.snaptune.export.BundleReader;
import org.snaptune.export.BundleWriter;
import org.snaptune.export.ModelBundle;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.SharedModels;

/**
 * Bundles of up to 50 MB, built to be as expensive as the reader allows, are each imported or
 * refused by a child JVM with a phone's 256 MB heap: a real MobileNetV2 bundle imports; a 50 MB
 * incompressible model, two models inflating to the 64 MiB limit each, and a model larger than its
 * declared size are refused; none runs out of memory.
 */
public class BundleMemoryTest {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private Path write(String name, Map<String, byte[]> entries, boolean stored) throws Exception {
    Path p = tmp.getRoot().toPath().resolve(name);
    try (OutputStream o = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(o)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry ze = new ZipEntry(e.getKey());
        if (stored) {
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(e.getValue());
          ze.setMethod(ZipEntry.STORED);
          ze.setSize(e.getValue().length);
          ze.setCompressedSize(e.getValue().length);
          ze.setCrc(crc.getValue());
        }
        z.putNextEntry(ze);
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    assertTrue(name + " is " + Files.size(p) + " bytes", Files.size(p) <= 50_000_000);
    return p;
  }

  private static String sha(byte[] d) throws Exception {
    StringBuilder s = new StringBuilder();
    for (byte b : java.security.MessageDigest.getInstance("SHA-256").digest(d)) {
      s.append(String.format("%02x", b & 0xff));
    }
    return s.toString();
  }

  /** The real bundle's entries with its models replaced and the manifest fitted to them. */
  private static Map<String, byte[]> replaced(Map<String, byte[]> real, byte[] backbone,
      long backboneDeclared, byte[] head, long headDeclared) throws Exception {
    String json = new String(real.get(BundleManifest.MANIFEST_ENTRY), StandardCharsets.UTF_8);
    int at = json.indexOf("\"head\"");
    String a = json.substring(0, at).replaceFirst("\"bytes\": \\d+", "\"bytes\": "
        + backboneDeclared).replaceFirst("\"sha256\": \"[0-9a-f]+\"", "\"sha256\": \""
        + sha(backbone) + "\"");
    String b = json.substring(at).replaceFirst("\"bytes\": \\d+", "\"bytes\": " + headDeclared)
        .replaceFirst("\"sha256\": \"[0-9a-f]+\"", "\"sha256\": \"" + sha(head) + "\"");
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put(BundleManifest.MANIFEST_ENTRY, (a + b).getBytes(StandardCharsets.UTF_8));
    e.put(BundleManifest.BACKBONE_ENTRY, backbone);
    e.put(BundleManifest.HEAD_ENTRY, head);
    return e;
  }

  /** Sparse noise: deflates about 30x, under the reader's 100x zip-bomb ratio. */
  private static byte[] compressible(int size, long seed) {
    byte[] b = new byte[size];
    Random r = new Random(seed);
    for (int i = 0; i < size; i += 16) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  @Test
  public void everyBundleUpTo50MegabytesImportsOrIsRefusedIn256Megabytes() throws Exception {
    Path v2 = SharedModels.dir().resolve(SharedModels.MOBILENET_V2_QUANT);
    assumeTrue("needs " + v2, Files.isRegularFile(v2));
    BackboneAdapter.Result adapted = BackboneAdapter.adapt(Files.readAllBytes(v2));
    int d = adapted.info().embeddingSize();
    ModelBundle bundle = ModelBundle.builder().setBackbone(adapted.model())
        .setHead(HeadCompiler.compile(HeadSpec.builder().setEmbeddingSize(d).setNumClasses(3)
            .setBatchSize(8).build()))
        .setLabels(Arrays.asList("cat", "dog", "bird")).setInputSpec(adapted.info().inputSpec())
        .setEmbeddingSize(d).build();
    Path real = tmp.getRoot().toPath().resolve("real.zip");
    BundleWriter.write(bundle, real.toFile());
    Map<String, byte[]> entries = BundleMutator.unzip(Files.readAllBytes(real));
    byte[] head = entries.get(BundleManifest.HEAD_ENTRY);

    List<String> files = new ArrayList<>();
    files.add(real.toString());
    byte[] noise = new byte[49_000_000];
    new Random(5).nextBytes(noise);
    files.add(write("incompressible.zip", replaced(entries, noise, noise.length, head,
        head.length), true).toString());
    long limit = BundleReader.DEFAULT_MAX_MODEL_BYTES;
    byte[] big1 = compressible((int) limit, 1);
    byte[] big2 = compressible((int) limit, 2);
    files.add(write("two-at-the-limit.zip", replaced(entries, big1, limit, big2, limit), false)
        .toString());
    byte[] over = compressible((int) limit + (1 << 20), 3);
    files.add(write("larger-than-declared.zip", replaced(entries, over, limit, head,
        head.length), false).toString());

    ChildJvm.Result r = ChildJvm.run(BundleImportChild.class, Arrays.asList("-Xmx256m"), files,
        300);
    String[] lines = r.output.trim().split("\n");
    assertEquals(r.output, 0, r.exitCode);
    assertTrue(r.output, r.output.contains("OK real.zip"));
    assertTrue(r.output, r.output.contains("REFUSED incompressible.zip backbone.tflite fails"
        + " model verification"));
    assertTrue(r.output, r.output.contains("REFUSED two-at-the-limit.zip"));
    assertTrue(r.output, r.output.contains("REFUSED larger-than-declared.zip backbone.tflite"
        + " inflates to more than " + limit));
    for (String l : lines) {
      assertTrue(r.output, !l.startsWith("OOM") && !l.startsWith("ERROR"));
    }
  }
}
