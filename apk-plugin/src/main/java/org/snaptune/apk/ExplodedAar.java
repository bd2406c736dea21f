package org.snaptune.apk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/**
 * An AAR unpacked into its own directory under target/ (never into target/classes): classes.jar
 * goes on javac's classpath, res/ to aapt2, AndroidManifest.xml to the merger, jni/ and assets/ into
 * the APK. Unpacking is skipped when the directory already holds this exact AAR. Immutable once
 * created; not safe for two builds unpacking into the same directory at once.
 */
final class ExplodedAar {

  private static final String STAMP = ".snaptune-aar-stamp";
  /** Bumped when unpacking changes (2: resource macros expanded), so older unpackings are redone. */
  private static final String FORMAT = "2";

  private final Path dir;
  private final String packageName;

  private ExplodedAar(Path dir, String packageName) {
    this.dir = dir;
    this.packageName = packageName;
  }

  /** Unpacks {@code aar} into {@code dir} (replacing an older unpacking) and reads its package. */
  static ExplodedAar explode(Path aar, Path dir) throws BuildException {
    // Also expands resource macros, which this aapt2 cannot compile (see ResourceMacros).
    String stamp;
    try {
      stamp = FORMAT + "|" + aar.toAbsolutePath() + "|" + Files.size(aar) + "|" + Files.getLastModifiedTime(aar).toMillis();
      Path stampFile = dir.resolve(STAMP);
      if (!Files.exists(stampFile) || !Files.readString(stampFile).equals(stamp)) {
        deleteTree(dir);
        Files.createDirectories(dir);
        unzip(aar, dir);
        Path classes = dir.resolve("classes.jar");
        if (!Files.exists(classes)) {
          // Resource-only AARs have no classes.jar; an empty one keeps every classpath entry valid.
          try (JarOutputStream empty = new JarOutputStream(Files.newOutputStream(classes))) {
            empty.flush();
          }
        }
        ResourceMacros.expand(dir.resolve("res"));
        Files.writeString(dir.resolve(STAMP), stamp);
      }
    } catch (IOException e) {
      throw new BuildException("cannot unpack AAR " + aar + " into " + dir + ": " + e.getMessage()
          + " (delete the file from ~/.m2 if it is truncated, then build again)", e);
    }
    return open(dir);
  }

  /** An AAR unpacked earlier in this build. */
  static ExplodedAar open(Path dir) throws BuildException {
    Path manifest = dir.resolve("AndroidManifest.xml");
    if (!Files.isRegularFile(manifest)) {
      throw new BuildException(dir + " holds no AndroidManifest.xml: not an AAR (an AAR must contain one)");
    }
    return new ExplodedAar(dir, readPackage(manifest));
  }

  Path dir() {
    return dir;
  }

  String packageName() {
    return packageName;
  }

  Path classesJar() {
    return dir.resolve("classes.jar");
  }

  Path manifest() {
    return dir.resolve("AndroidManifest.xml");
  }

  /** res/ if the AAR has any resources, else null. */
  Path resDir() throws IOException {
    Path res = dir.resolve("res");
    if (!Files.isDirectory(res)) {
      return null;
    }
    try (Stream<Path> s = Files.walk(res)) {
      return s.anyMatch(Files::isRegularFile) ? res : null;
    }
  }

  /** Does the AAR declare resources (a non-empty R.txt), so that its code needs an R class? */
  boolean hasRClass() throws IOException {
    Path rTxt = dir.resolve("R.txt");
    return Files.isRegularFile(rTxt) ? Files.size(rTxt) > 0 : resDir() != null;
  }

  Path jniDir() {
    return dir.resolve("jni");
  }

  Path assetsDir() {
    return dir.resolve("assets");
  }

  /** Jars bundled under libs/ (dexed with the app). */
  List<Path> libJars() throws IOException {
    Path libs = dir.resolve("libs");
    List<Path> jars = new ArrayList<>();
    if (Files.isDirectory(libs)) {
      try (Stream<Path> s = Files.list(libs)) {
        s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
      }
    }
    return jars;
  }

  static String readPackage(Path manifest) throws BuildException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Element root = factory.newDocumentBuilder().parse(manifest.toFile()).getDocumentElement();
      String pkg = root.getAttribute("package");
      if (pkg.isEmpty()) {
        throw new BuildException(manifest + " has no package attribute; AAR manifests must name their package");
      }
      return pkg;
    } catch (BuildException e) {
      throw e;
    } catch (Exception e) {
      throw new BuildException("cannot parse " + manifest + ": " + e.getMessage(), e);
    }
  }

  private static void unzip(Path zip, Path dir) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    try (InputStream raw = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(raw)) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("entry '" + entry.getName() + "' escapes the target directory");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
