package org.snaptune.apk;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Builds the signed APK: dexes the app's classes with its compile/runtime dependencies (D8),
 * adds linked resources, assets and the AARs' native libraries (stored, page-aligned), signs v2 + v3
 * (apksig) with the release key if one is configured, else the debug key, and publishes atomically.
 */
@Mojo(name = "apk", defaultPhase = LifecyclePhase.PACKAGE,
    requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME, threadSafe = true)
public final class ApkMojo extends AbstractAndroidMojo {

  /** The signed APK. */
  @Parameter(property = "snaptune.apk", defaultValue = "${project.build.directory}/${project.build.finalName}.apk")
  private File outputFile;

  /** Native ABIs packaged from the AARs' jni/ folders. */
  @Parameter(property = "snaptune.abis", defaultValue = "arm64-v8a,armeabi-v7a,x86,x86_64")
  private List<String> abis;

  /**
   * Native libraries left out of the APK, as glob patterns over APK paths, e.g.
   * {@code lib/x86*}{@code /libtensorflowlite_gpu_jni.so}. Used to keep the APK under its size budget.
   */
  @Parameter
  private List<String> nativeLibraryExcludes = new ArrayList<>();

  /** Alignment of stored native libraries; 16384 also suits 16 KB-page devices. */
  @Parameter(property = "snaptune.pageAlignment", defaultValue = "16384")
  private int pageAlignment;

  /** Asset file extensions stored uncompressed (models are memory-mapped from the APK). */
  @Parameter(defaultValue = "tflite,lite,bin")
  private List<String> noCompressExtensions;

  /** Compiled app classes. */
  @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true)
  private File classesDirectory;

  @Override
  protected void run() throws BuildException, IOException {
    Path output = outputFile.toPath();
    // A failed build must not leave an older APK that looks like this build's result.
    Files.deleteIfExists(output);
    SigningKeys.Key key = signingKey();

    List<ExplodedAar> aars = packagedAars();
    Path appJar = work("app-classes.jar");
    Dexer.jarDirectory(classesDirectory.toPath(), appJar);
    List<Path> program = new ArrayList<>();
    List<Path> serviceSources = new ArrayList<>();
    for (Artifact a : project.getArtifacts()) {
      if (!packaged(a) || a.getFile() == null) {
        continue;
      }
      Path file = a.getFile().toPath();
      if (!isAar(a) && !file.toString().endsWith(".jar")) {
        throw new BuildException("dependency " + a + " resolved to " + file + ", which is neither a jar nor an AAR; "
            + "run the build through 'package' so reactor modules are jarred");
      }
      program.add(file);
      serviceSources.add(file);
    }
    for (ExplodedAar aar : aars) {
      program.addAll(aar.libJars());
    }
    List<Path> libraries = List.of(androidJar(), Path.of(System.getProperty("java.home")));
    long t0 = System.nanoTime();
    Path dexDir = work("dex");
    Dexer.dexWithCache(appJar, program, libraries, minSdk, dexCacheDirectory.toPath(), dexDir,
        line -> getLog().debug("D8: " + line));
    getLog().info("D8: app + " + program.size() + " libraries dexed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");

    Path unsigned = work("unsigned.apk");
    Set<String> noCompress = new LinkedHashSet<>();
    noCompressExtensions.forEach(e -> noCompress.add(e.toLowerCase(Locale.ROOT).replace(".", "")));
    try (ApkPackager apk = new ApkPackager(unsigned, noCompress, pageAlignment)) {
      Path resources = work("resources.ap_");
      if (!Files.isRegularFile(resources)) {
        throw new BuildException(resources + " is missing: bind the 'prepare' goal (generate-sources) before 'apk'");
      }
      apk.addResourceApk(resources);
      apk.addDex(dexDir);
      int libs = 0;
      for (ExplodedAar aar : aars) {
        libs += apk.addNativeLibraries(aar.jniDir(), abis, nativeLibraryExcludes, getLog()::warn).size();
      }
      apk.addAssets(work("assets"));
      for (Path p : serviceSources) {
        apk.collectServices(p);
      }
      getLog().info("native libraries: " + libs + " for ABIs " + abis);
    }
    ApkPackager.signAndPublish(unsigned, output, key, minSdk, pageAlignment);
    getLog().info("APK: " + output + " (" + Files.size(output) / 1024 + " KiB, signed v2+v3 with "
        + (release() ? "release key '" + keyAlias() + "'" : "debug key " + debugKeystore) + ")");
  }
}
