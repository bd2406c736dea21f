package org.snaptune.apk;

import com.android.apksig.ApkSigner;
import com.android.apksig.ApkVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Assembles an APK from its parts and signs it. The unsigned zip is written with stored entries
 * aligned; the signed APK is written next to its destination, verified (v2 + v3 signatures,
 * alignment) and only then renamed into place, so a failed build never leaves a half-written or
 * unsigned APK where the APK should be. Not thread-safe: one instance per APK.
 */
final class ApkPackager implements AutoCloseable {

  private final AlignedZipWriter zip;
  private final Set<String> noCompressExtensions;
  private final int pageAlignment;
  private final Map<String, ByteArrayOutputStream> services = new TreeMap<>();

  /**
   * @param unsignedApk scratch file for the unsigned APK (replaced)
   * @param noCompressExtensions asset extensions stored uncompressed (for example tflite, so the
   *     runtime can mmap models straight from the APK)
   * @param pageAlignment alignment of native libraries (4096, or 16384 for 16 KB-page devices)
   */
  ApkPackager(Path unsignedApk, Set<String> noCompressExtensions, int pageAlignment) throws IOException {
    Files.createDirectories(unsignedApk.toAbsolutePath().getParent());
    this.zip = new AlignedZipWriter(Files.newOutputStream(unsignedApk));
    this.noCompressExtensions = noCompressExtensions;
    this.pageAlignment = pageAlignment;
  }

  /** Copies aapt2's linked resources: manifest, resources.arsc (stored, as Android 11+ requires), res/. */
  void addResourceApk(Path resourceApk) throws IOException {
    try (ZipFile in = new ZipFile(resourceApk.toFile())) {
      Enumeration<? extends ZipEntry> entries = in.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.isDirectory()) {
          continue;
        }
        byte[] data;
        try (InputStream s = in.getInputStream(e)) {
          data = s.readAllBytes();
        }
        if ("resources.arsc".equals(e.getName()) || e.getMethod() == ZipEntry.STORED) {
          zip.addStored(e.getName(), data, 4);
        } else {
          zip.addDeflated(e.getName(), data);
        }
      }
    }
  }

  /** Adds classes.dex, classes2.dex, ... from D8's output directory. */
  void addDex(Path dexDir) throws IOException {
    try (Stream<Path> s = Files.list(dexDir)) {
      for (Path p : (Iterable<Path>) s.filter(f -> f.getFileName().toString().endsWith(".dex")).sorted()::iterator) {
        zip.addDeflated(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
  }

  /**
   * Adds {@code jni/<abi>/*.so} as {@code lib/<abi>/*.so}, stored and page-aligned so the platform
   * loads them in place (no extraction on install).
   *
   * @return the entry names added
   */
  List<String> addNativeLibraries(Path jniDir, List<String> abis, List<String> excludes, Consumer<String> warnings)
      throws IOException {
    List<PathMatcher> skip = new ArrayList<>();
    for (String glob : excludes) {
      skip.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.trim()));
    }
    List<String> added = new ArrayList<>();
    for (String abi : abis) {
      Path dir = jniDir.resolve(abi);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> s = Files.list(dir)) {
        for (Path so : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".so")).sorted()::iterator) {
          String name = "lib/" + abi + "/" + so.getFileName();
          if (skip.stream().anyMatch(m -> m.matches(Path.of(name)))) {
            continue;
          }
          if (zip.contains(name)) {
            warnings.accept("two AARs ship " + name + "; keeping the first (from " + jniDir.getParent() + " ignored)");
            continue;
          }
          zip.addStored(name, Files.readAllBytes(so), pageAlignment);
          added.add(name);
        }
      }
    }
    return added;
  }

  /** Adds a merged assets directory under assets/. */
  void addAssets(Path assets) throws IOException {
    if (!Files.isDirectory(assets)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(assets)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      String name = "assets/" + assets.relativize(f).toString().replace('\\', '/');
      String file = f.getFileName().toString();
      String ext = file.contains(".") ? file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
      if (noCompressExtensions.contains(ext)) {
        zip.addStored(name, Files.readAllBytes(f), 4);
      } else {
        zip.addDeflated(name, Files.readAllBytes(f));
      }
    }
  }

  /**
   * Collects META-INF/services files from a dependency jar (ServiceLoader registrations such as
   * kotlinx-coroutines' Main dispatcher); same-named files are concatenated.
   */
  void collectServices(Path jar) throws IOException {
    if (!Files.isRegularFile(jar)) {
      return;
    }
    try (ZipFile in = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = in.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (!e.isDirectory() && e.getName().startsWith("META-INF/services/")) {
          ByteArrayOutputStream buf = services.computeIfAbsent(e.getName(), k -> new ByteArrayOutputStream());
          try (InputStream s = in.getInputStream(e)) {
            buf.writeBytes(s.readAllBytes());
          }
          buf.write('\n');
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      for (Map.Entry<String, ByteArrayOutputStream> e : services.entrySet()) {
        if (!zip.contains(e.getKey())) {
          zip.addDeflated(e.getKey(), e.getValue().toByteArray());
        }
      }
    } finally {
      zip.close();
    }
  }

  /**
   * Signs {@code unsigned} with v2 + v3 into a temp file beside {@code output}, verifies signatures
   * and alignment, then atomically renames it to {@code output}.
   */
  static void signAndPublish(Path unsigned, Path output, SigningKeys.Key key, int minSdk, int pageAlignment)
      throws BuildException, IOException {
    Path dir = output.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, output.getFileName().toString(), ".tmp");
    try {
      ApkSigner.SignerConfig signer =
          new ApkSigner.SignerConfig.Builder("CERT", key.privateKey(), key.chain()).build();
      try {
        new ApkSigner.Builder(List.of(signer))
            .setInputApk(unsigned.toFile())
            .setOutputApk(temp.toFile())
            .setMinSdkVersion(minSdk)
            .setV1SigningEnabled(false)
            .setV2SigningEnabled(true)
            .setV3SigningEnabled(true)
            .setAlignmentPreserved(false)
            .setLibraryPageAlignmentBytes(pageAlignment)
            .setDebuggableApkPermitted(true)
            .setCreatedBy("snaptune-apk-maven-plugin")
            .build()
            .sign();
      } catch (Exception e) {
        throw new BuildException("signing " + output.getFileName() + " failed: " + e.getMessage()
            + " (is the key an RSA/EC key with a valid certificate?)", e);
      }
      verify(temp, minSdk, pageAlignment);
      Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Fails unless the APK verifies with v2 and v3 and is zip-aligned. */
  static void verify(Path apk, int minSdk, int pageAlignment) throws BuildException, IOException {
    ApkVerifier.Result result;
    try {
      result = new ApkVerifier.Builder(apk.toFile()).setMinCheckedPlatformVersion(minSdk).build().verify();
    } catch (Exception e) {
      throw new BuildException("cannot verify " + apk + ": " + e.getMessage(), e);
    }
    if (!result.isVerified() || !result.isVerifiedUsingV2Scheme() || !result.isVerifiedUsingV3Scheme()) {
      throw new BuildException("APK signature check failed (v2=" + result.isVerifiedUsingV2Scheme() + ", v3="
          + result.isVerifiedUsingV3Scheme() + "): " + result.getErrors()
          + "; the APK was not published. Check the signing key settings.");
    }
    List<String> misaligned = ZipAlignment.misaligned(apk, pageAlignment);
    if (!misaligned.isEmpty()) {
      throw new BuildException("APK is not zip-aligned: " + misaligned + "; the APK was not published. "
          + "This is a packaging bug: report it with the entries named.");
    }
  }
}
