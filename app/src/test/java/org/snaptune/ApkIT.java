package org.snaptune;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.Test;

/**
 * Checks the APK that `mvn package` built (Failsafe, after packaging) with the real tools:
 * apksigner, aapt2, and a parse of classes.dex.
 */
public class ApkIT {

  private static File apk() {
    String path = System.getProperty("snaptune.apk");
    assertNotNull("system property snaptune.apk (set by Failsafe) is missing", path);
    File f = new File(path);
    assertTrue("APK not built: " + f, f.isFile());
    return f;
  }

  @Test
  public void apksignerVerifiesV2AndV3() throws Exception {
    String out = run("apksigner", "verify", "-v", apk().getPath());
    assertTrue(out, out.contains("Verified using v2 scheme (APK Signature Scheme v2): true"));
    assertTrue(out, out.contains("Verified using v3 scheme (APK Signature Scheme v3): true"));
  }

  @Test
  public void zipalignAcceptsTheApk() throws Exception {
    String out = run("zipalign", "-c", "-p", "-v", "4", apk().getPath());
    assertTrue(out, out.contains("Verification succesful") || out.contains("Verification successful"));
  }

  @Test
  public void manifestDeclaresLauncherAndCameraPermission() throws Exception {
    String badging = run("aapt2", "dump", "badging", apk().getPath());
    assertTrue(badging, badging.contains("package: name='org.snaptune'"));
    assertTrue(badging, badging.contains("uses-permission: name='android.permission.CAMERA'"));
    assertTrue(badging, badging.contains("sdkVersion:'26'"));
    assertTrue(badging, badging.contains("targetSdkVersion:'34'"));
    assertFalse("no implied permissions from library manifests",
        badging.contains("android.permission.READ_PHONE_STATE"));
    // The launcher must be an app activity that is really in the dex (MainActivity or a later main screen).
    Matcher launcher = Pattern.compile("launchable-activity: name='([^']+)'").matcher(badging);
    assertTrue("no launcher activity:\n" + badging, launcher.find());
    String activity = launcher.group(1);
    assertTrue(activity, activity.startsWith("org.snaptune."));
    assertTrue(activity + " not in classes.dex", allDexTypes().contains("L" + activity.replace('.', '/') + ";"));
  }

  @Test
  public void tfliteNativeLibraryIsStoredUncompressed() throws IOException {
    try (ZipFile zip = new ZipFile(apk())) {
      for (String abi : new String[] {"arm64-v8a", "armeabi-v7a", "x86", "x86_64"}) {
        ZipEntry so = zip.getEntry("lib/" + abi + "/libtensorflowlite_jni.so");
        assertNotNull("missing lib/" + abi + "/libtensorflowlite_jni.so", so);
        assertEquals(abi + " .so must be STORED", ZipEntry.STORED, so.getMethod());
        assertTrue(so.getSize() > 1_000_000);
      }
      ZipEntry arsc = zip.getEntry("resources.arsc");
      assertEquals("resources.arsc must be STORED (Android 11+)", ZipEntry.STORED, arsc.getMethod());
      assertFalse("host runtime must not be packaged",
          zip.stream().anyMatch(e -> e.getName().contains("bytedeco") || e.getName().contains("linux-x86_64")));
    }
  }

  @Test
  public void classesDexHoldsAppClassesAndNotTestOnes() throws IOException {
    List<String> types = allDexTypes();
    assertTrue(types.contains("Lorg/snaptune/status/MainActivity;"));
    assertTrue(types.contains("Lorg/snaptune/tflite/AndroidSignatureRunner;"));
    assertTrue(types.contains("Lorg/snaptune/R$layout;"));
    assertTrue("core classes must be dexed", types.stream().anyMatch(t -> t.startsWith("Lorg/snaptune/runtime/")));
    assertTrue("TFLite Java API must be dexed", types.contains("Lorg/tensorflow/lite/Interpreter;"));
    assertTrue("Gson (bundle manifests) must be dexed", types.contains("Lcom/google/gson/stream/JsonReader;"));
    assertFalse("Robolectric must not be dexed", types.stream().anyMatch(t -> t.startsWith("Lorg/robolectric/")));
    assertFalse("tests must not be dexed", types.contains("Lorg/snaptune/ApkIT;"));
  }

  @Test
  public void instrumentationApkIsBuiltAndSigned() throws Exception {
    String path = System.getProperty("snaptune.androidTestApk");
    assertNotNull(path);
    String badging = run("aapt2", "dump", "badging", path);
    assertTrue(badging, badging.contains("package: name='org.snaptune.test'"));
    String out = run("apksigner", "verify", "-v", path);
    assertTrue(out, out.contains("Verified using v2 scheme (APK Signature Scheme v2): true"));
  }

  private static List<String> allDexTypes() throws IOException {
    List<String> types = new ArrayList<>();
    try (ZipFile zip = new ZipFile(apk())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        if (e.getName().matches("classes\\d*\\.dex")) {
          try (InputStream in = zip.getInputStream(e)) {
            types.addAll(dexTypes(in.readAllBytes()));
          }
        }
      }
    }
    return types;
  }

  /** Type descriptors from a dex file's type_ids table (dex format: header, string_ids, type_ids). */
  static List<String> dexTypes(byte[] dex) {
    ByteBuffer b = ByteBuffer.wrap(dex).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals("dex\n", new String(dex, 0, 4, StandardCharsets.US_ASCII));
    int stringIdsOff = b.getInt(0x3C);
    int typeIdsSize = b.getInt(0x40);
    int typeIdsOff = b.getInt(0x44);
    List<String> types = new ArrayList<>();
    for (int i = 0; i < typeIdsSize; i++) {
      int stringIdx = b.getInt(typeIdsOff + 4 * i);
      int dataOff = b.getInt(stringIdsOff + 4 * stringIdx);
      int p = dataOff;
      while ((dex[p] & 0x80) != 0) {
        p++; // skip the ULEB128 length
      }
      p++;
      int end = p;
      while (dex[end] != 0) {
        end++;
      }
      types.add(new String(dex, p, end - p, StandardCharsets.UTF_8));
    }
    return types;
  }

  private static String run(String... command) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(command[0] + " is not installed: sudo apt-get install -y "
          + ("aapt2".equals(command[0]) ? "aapt" : command[0]), e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(command[0] + " timed out", p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(command[0] + " failed:\n" + out, 0, p.exitValue());
    return out;
  }
}
