package org.snaptune.apk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Builds a small real APK (aapt2-linked manifest, a native library, an asset), signs and verifies it. */
public class ApkPackagerTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private Path dir;
  private Path resources;

  @Before
  public void linkManifest() throws Exception {
    assumeTrue("aapt2 not installed", Aapt2.resolve("aapt2", System.getenv("PATH")) != null);
    dir = tmp.getRoot().toPath();
    Path manifest = dir.resolve("AndroidManifest.xml");
    Files.writeString(manifest, "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\" "
        + "package=\"org.example.t\"><application/></manifest>\n");
    resources = dir.resolve("resources.ap_");
    new Aapt2("aapt2", line -> { }).link(List.of("-I", androidJar(), "--manifest", manifest.toString(),
        "--min-sdk-version", "26", "--target-sdk-version", "34", "-o", resources.toString()), "test link");
  }

  private static String androidJar() {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.contains("android-all")) {
        return entry;
      }
    }
    throw new AssertionError("android-all is not on the test classpath");
  }

  @Test
  public void signedApkIsAlignedAndVerifies() throws Exception {
    Path jni = dir.resolve("jni/arm64-v8a");
    Files.createDirectories(jni);
    Files.write(jni.resolve("libfoo.so"), new byte[12_345]);
    Files.createDirectories(dir.resolve("jni/x86"));
    Files.write(dir.resolve("jni/x86/libgpu.so"), new byte[10]);
    Path assets = dir.resolve("assets");
    Files.createDirectories(assets);
    Files.write(assets.resolve("model.tflite"), new byte[1001]);
    Files.writeString(assets.resolve("labels.txt"), "cat\ndog\n");

    Path unsigned = dir.resolve("unsigned.apk");
    try (ApkPackager apk = new ApkPackager(unsigned, Set.of("tflite"), 16384)) {
      apk.addResourceApk(resources);
      List<String> libs = apk.addNativeLibraries(dir.resolve("jni"), List.of("arm64-v8a", "x86"),
          List.of("lib/x86/libgpu.so"), line -> { });
      assertEquals(List.of("lib/arm64-v8a/libfoo.so"), libs);
      apk.addAssets(assets);
    }
    Path out = dir.resolve("out/app.apk");
    SigningKeys.Key key = SigningKeys.debugKey(dir.resolve("debug.keystore"));
    ApkPackager.signAndPublish(unsigned, out, key, 26, 16384);

    ApkPackager.verify(out, 26, 16384);
    try (ZipFile zip = new ZipFile(out.toFile())) {
      assertEquals(ZipEntry.STORED, zip.getEntry("lib/arm64-v8a/libfoo.so").getMethod());
      assertEquals(ZipEntry.STORED, zip.getEntry("resources.arsc").getMethod());
      assertEquals(ZipEntry.STORED, zip.getEntry("assets/model.tflite").getMethod());
      assertEquals(ZipEntry.DEFLATED, zip.getEntry("assets/labels.txt").getMethod());
      assertEquals(null, zip.getEntry("lib/x86/libgpu.so"));
    }
    for (ZipAlignment.StoredEntry e : ZipAlignment.storedEntries(out)) {
      if (e.name().endsWith(".so")) {
        assertEquals(0, e.dataOffset() % 16384);
      }
    }
    try (var files = Files.list(out.getParent())) {
      assertEquals("only the APK, no temp file", 1, files.count());
    }
  }

  @Test
  public void unsignableInputLeavesNoApk() throws Exception {
    Path unsigned = dir.resolve("garbage.apk");
    Files.write(unsigned, new byte[] {'P', 'K', 3, 4, 0, 0});
    Path out = dir.resolve("out2/app.apk");
    try {
      ApkPackager.signAndPublish(unsigned, out, SigningKeys.debugKey(dir.resolve("k")), 26, 4096);
      fail("expected BuildException");
    } catch (BuildException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("signing app.apk failed"));
    }
    assertFalse(Files.exists(out));
    try (var files = Files.list(out.getParent())) {
      assertEquals("no half-written file left", 0, files.count());
    }
  }

  @Test
  public void unsignedApkFailsVerification() throws Exception {
    try {
      ApkPackager.verify(resources, 26, 4096);
      fail("an unsigned APK must not verify");
    } catch (BuildException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("signature check failed"));
    }
  }
}
