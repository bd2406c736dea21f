package org.snaptune.apk;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Compiles src/androidTest/java (AndroidJUnitRunner + Espresso tests) into a signed instrumentation
 * APK targeting the app. It cannot run without a device, but building it keeps those tests compiling.
 * The test APK holds the test classes and the test-scoped dependencies outside {@link #androidTestExcludes};
 * libraries already in the app APK are left out, as the Android Gradle plugin does.
 */
@Mojo(name = "android-test-apk", defaultPhase = LifecyclePhase.PACKAGE,
    requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public final class AndroidTestApkMojo extends AbstractAndroidMojo {

  /** Instrumentation test sources; the goal does nothing if the directory is absent. */
  @Parameter(defaultValue = "${project.basedir}/src/androidTest/java")
  private File androidTestSourceDirectory;

  /**
   * Direct test dependencies (groupId:artifactId, artifactId may be *) whose trees are JVM-only and
   * stay out of the test APK: Robolectric and the host TFLite runtime.
   */
  @Parameter(defaultValue = "org.robolectric:*,org.snaptune:snaptune-host")
  private List<String> androidTestExcludes;

  /** The instrumentation runner class written into the test manifest. */
  @Parameter(defaultValue = "androidx.test.runner.AndroidJUnitRunner")
  private String instrumentationRunner;

  /** The signed test APK. */
  @Parameter(defaultValue = "${project.build.directory}/${project.build.finalName}-androidTest.apk")
  private File outputFile;

  /** Compiled app classes (on the test classpath, not in the test APK). */
  @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true)
  private File classesDirectory;

  /** Alignment of stored entries with page alignment (unused unless test AARs ship natives). */
  @Parameter(property = "snaptune.pageAlignment", defaultValue = "16384")
  private int pageAlignment;

  @Override
  protected void run() throws BuildException, IOException {
    Path output = outputFile.toPath();
    Files.deleteIfExists(output);
    if (!androidTestSourceDirectory.isDirectory()) {
      getLog().info("no " + androidTestSourceDirectory + ": no instrumentation test APK");
      return;
    }
    Aapt2 tool = aapt2();
    tool.checkAvailable();
    Path framework = androidJar();
    Path base = work("androidTest");
    String testPackage = applicationId + ".test";

    Set<String> inApp = new HashSet<>();
    List<Path> appClasspath = new ArrayList<>();
    List<Path> testJars = new ArrayList<>();
    List<ExplodedAar> testAars = new ArrayList<>();
    for (Artifact a : project.getArtifacts()) {
      if (packaged(a) || Artifact.SCOPE_PROVIDED.equals(a.getScope())) {
        inApp.add(a.getGroupId() + ":" + a.getArtifactId());
        if (!Artifact.SCOPE_PROVIDED.equals(a.getScope())) {
          appClasspath.add(a.getFile().toPath());
        }
      }
    }
    for (Artifact a : project.getArtifacts()) {
      if (!Artifact.SCOPE_TEST.equals(a.getScope()) || excluded(a) || inApp.contains(a.getGroupId() + ":" + a.getArtifactId())) {
        continue;
      }
      testJars.add(a.getFile().toPath());
      if (isAar(a)) {
        testAars.add(ExplodedAar.open(explodedDir(a)));
      }
    }

    Path manifest = base.resolve("AndroidManifest.xml");
    Path mainManifest = base.resolve("AndroidManifest.main.xml");
    Files.createDirectories(base);
    Files.writeString(mainManifest, testManifest(testPackage), StandardCharsets.UTF_8);
    List<Path> libManifests = new ArrayList<>();
    testAars.forEach(a -> libManifests.add(a.manifest()));
    Manifests.merge(mainManifest, libManifests, new Manifests.Settings(testPackage, minSdk, targetSdk, 1, "test"),
        manifest, line -> getLog().debug("manifest merger: " + line));

    Path gen = base.resolve("r");
    ExplodedAar.deleteTree(gen);
    Files.createDirectories(gen);
    Path resourceApk = base.resolve("resources.ap_");
    List<String> args = new ArrayList<>(List.of("-I", framework.toString(), "--manifest", manifest.toString(),
        "--min-sdk-version", Integer.toString(minSdk), "--target-sdk-version", Integer.toString(targetSdk),
        "--auto-add-overlay", "--warn-manifest-validation", "--java", gen.toString(), "-o", resourceApk.toString()));
    Set<String> extraPackages = new LinkedHashSet<>();
    for (ExplodedAar aar : testAars) {
      if (aar.hasRClass()) {
        extraPackages.add(aar.packageName());
      }
      Path res = aar.resDir();
      if (res != null) {
        Path zip = base.resolve("res-" + aar.dir().getFileName() + ".zip");
        tool.compileDir(res, zip);
        args.add("-R");
        args.add(zip.toString());
      }
    }
    extraPackages.remove(testPackage);
    if (!extraPackages.isEmpty()) {
      args.add("--extra-packages");
      args.add(String.join(":", extraPackages));
    }
    tool.link(args, "linking the instrumentation test APK's resources");

    Path classes = base.resolve("classes");
    ExplodedAar.deleteTree(classes);
    Files.createDirectories(classes);
    List<Path> classpath = new ArrayList<>();
    classpath.add(framework);
    classpath.add(classesDirectory.toPath());
    classpath.addAll(appClasspath);
    classpath.addAll(testJars);
    compile(List.of(androidTestSourceDirectory.toPath(), gen), classpath, classes);

    Path testJar = base.resolve("androidTest-classes.jar");
    Dexer.jarDirectory(classes, testJar);
    Path appJar = work("app-classes.jar");
    Dexer.jarDirectory(classesDirectory.toPath(), appJar);
    // The app and its libraries are in the app APK: library (not program) input here.
    List<Path> libraries = new ArrayList<>(List.of(framework, Path.of(System.getProperty("java.home")), appJar));
    libraries.addAll(appClasspath);
    Path dexDir = base.resolve("dex");
    Dexer.dexWithCache(testJar, testJars, libraries, minSdk, dexCacheDirectory.toPath(), dexDir,
        line -> getLog().debug("D8: " + line));

    Path unsigned = base.resolve("unsigned.apk");
    try (ApkPackager apk = new ApkPackager(unsigned, Set.of(), pageAlignment)) {
      apk.addResourceApk(resourceApk);
      apk.addDex(dexDir);
      for (Path jar : testJars) {
        apk.collectServices(jar);
      }
    }
    ApkPackager.signAndPublish(unsigned, output, signingKey(), minSdk, pageAlignment);
    getLog().info("instrumentation test APK: " + output + " (" + Files.size(output) / 1024 + " KiB, "
        + testJars.size() + " test libraries)");
  }

  private boolean excluded(Artifact a) {
    List<String> trail = a.getDependencyTrail();
    String direct = trail != null && trail.size() > 1 ? trail.get(1) : a.getId();
    String[] parts = direct.split(":");
    for (String pattern : androidTestExcludes) {
      String[] p = pattern.trim().split(":");
      if (p.length == 2 && p[0].equals(parts[0]) && ("*".equals(p[1]) || p[1].equals(parts[1]))) {
        return true;
      }
    }
    return false;
  }

  private String testManifest(String testPackage) {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        + "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\" package=\"" + testPackage + "\">\n"
        + "  <application android:debuggable=\"true\">\n"
        + "    <uses-library android:name=\"android.test.runner\" android:required=\"false\"/>\n"
        + "  </application>\n"
        + "  <instrumentation android:name=\"" + instrumentationRunner + "\"\n"
        + "      android:targetPackage=\"" + applicationId + "\" android:label=\"SnapTune tests\"/>\n"
        + "</manifest>\n";
  }

  private void compile(List<Path> sourceRoots, List<Path> classpath, Path out) throws BuildException, IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new BuildException("no Java compiler in this JVM: run Maven on a JDK (17), not a JRE");
    }
    List<File> sources = new ArrayList<>();
    for (Path root : sourceRoots) {
      if (Files.isDirectory(root)) {
        try (Stream<Path> s = Files.walk(root)) {
          s.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.add(p.toFile()));
        }
      }
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      List<String> options = List.of("--release", "11", "-proc:none", "-classpath",
          String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()), "-d", out.toString());
      StringWriter messages = new StringWriter();
      boolean ok = javac.getTask(messages, files, diagnostics, options, null, files.getJavaFileObjectsFromFiles(sources))
          .call();
      if (!ok) {
        StringBuilder sb = new StringBuilder();
        diagnostics.getDiagnostics().forEach(d -> sb.append("\n  ").append(d));
        throw new BuildException("compiling src/androidTest failed:" + sb + messages);
      }
    }
  }
}
