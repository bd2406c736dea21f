package org.snaptune.apk;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.model.Resource;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Everything that must happen before javac: unpacks AAR dependencies and puts each one's classes.jar
 * on the compile and test classpath, merges manifests, compiles and links resources with aapt2
 * (generating R classes for the app and every library package), merges assets, and writes
 * {@code com/android/tools/test_config.properties} so Robolectric finds the app's resources.
 */
@Mojo(name = "prepare", defaultPhase = LifecyclePhase.GENERATE_SOURCES,
    requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public final class PrepareMojo extends AbstractAndroidMojo {

  /** The app's own manifest (merged with every library manifest). */
  @Parameter(defaultValue = "${project.basedir}/src/main/AndroidManifest.xml")
  private File androidManifest;

  /** The app's res/ directory (may be absent). */
  @Parameter(defaultValue = "${project.basedir}/src/main/res")
  private File resourceDirectory;

  /** The app's checked-in assets. */
  @Parameter(defaultValue = "${project.basedir}/src/main/assets")
  private File assetsDirectory;

  /**
   * Assets produced by the build (for example an embedded backbone model); merged after
   * {@link #assetsDirectory}, so a generated file replaces a checked-in one of the same name.
   */
  @Parameter(defaultValue = "${project.build.directory}/generated-assets")
  private File generatedAssetsDirectory;

  /**
   * Single files copied into {@link #generatedAssetsDirectory} first: asset name to source path. Entries
   * with an empty path are ignored, so a profile can pass an optional property.
   */
  @Parameter
  private Map<String, String> assetFiles = new LinkedHashMap<>();

  /** versionCode written into the merged manifest. */
  @Parameter(property = "snaptune.versionCode", defaultValue = "1")
  private int versionCode;

  /** versionName written into the merged manifest. */
  @Parameter(property = "snaptune.versionName", defaultValue = "${project.version}")
  private String versionName;

  /**
   * Locales kept from the libraries' resources (aapt2 {@code -c}); empty keeps all. The app's own
   * text is English only, so the libraries' ~90 translations would only mix languages on screen
   * and cost about 0.7 MB of resources.arsc. Other configuration axes (night, density) are kept.
   */
  @Parameter(property = "snaptune.resourceLocales", defaultValue = "en")
  private String resourceLocales;

  /** Where the R classes are generated (added as a compile source root). */
  @Parameter(defaultValue = "${project.build.directory}/generated-sources/r")
  private File generatedSources;

  /** Where test_config.properties is written (added as a test resource directory). */
  @Parameter(defaultValue = "${project.build.directory}/generated-test-resources/robolectric")
  private File testConfigDirectory;

  @Override
  protected void run() throws BuildException, IOException {
    Aapt2 tool = aapt2();
    tool.checkAvailable();
    Path framework = androidJar();

    List<ExplodedAar> appAars = new ArrayList<>();
    DefaultArtifactHandler aarHandler = new DefaultArtifactHandler("aar");
    aarHandler.setExtension("aar");
    aarHandler.setLanguage("java");
    aarHandler.setAddedToClasspath(true);
    for (Artifact a : project.getArtifacts()) {
      if (!isAar(a)) {
        continue;
      }
      ExplodedAar aar;
      if (a.getFile().getName().endsWith(".aar")) {
        aar = explode(a);
        // javac ignores .aar files: point the artifact at its classes.jar for every later classpath.
        a.setFile(aar.classesJar().toFile());
        a.setArtifactHandler(aarHandler);
      } else {
        aar = ExplodedAar.open(explodedDir(a));
      }
      if (packaged(a)) {
        appAars.add(aar);
      }
    }
    getLog().info("AARs on the classpath: " + appAars.size() + " packaged into the APK");

    Path manifest = work("AndroidManifest.xml");
    List<Path> libManifests = new ArrayList<>();
    appAars.forEach(a -> libManifests.add(a.manifest()));
    Manifests.merge(androidManifest.toPath(), libManifests,
        new Manifests.Settings(applicationId, minSdk, targetSdk, versionCode, versionName), manifest,
        line -> getLog().debug("manifest merger: " + line));

    Path assets = mergeAssets(appAars);
    Path resourceApk = linkResources(tool, framework, manifest, appAars);

    project.addCompileSourceRoot(generatedSources.getAbsolutePath());
    writeTestConfig(manifest, assets, resourceApk);
  }

  private ExplodedAar explode(Artifact a) throws BuildException {
    ExplodedAar aar;
    try {
      aar = ExplodedAar.explode(a.getFile().toPath(), explodedDir(a));
    } catch (BuildException e) {
      throw new BuildException(a + " is declared as <type>aar</type> but is not a usable AAR (" + e.getMessage()
          + "); if it is a plain jar, declare it without <type>aar</type>", e);
    }
    return aar;
  }

  private Path linkResources(Aapt2 tool, Path framework, Path manifest, List<ExplodedAar> aars)
      throws BuildException, IOException {
    Path compiled = work("compiled-res");
    Files.createDirectories(compiled);
    List<String> args = new ArrayList<>(List.of("-I", framework.toString(), "--manifest", manifest.toString(),
        "--min-sdk-version", Integer.toString(minSdk), "--target-sdk-version", Integer.toString(targetSdk),
        "--version-code", Integer.toString(versionCode), "--version-name", versionName,
        "--auto-add-overlay",
        // Needed for tensorflow-lite-gpu's <uses-native-library>, which this aapt2 does not know.
        "--warn-manifest-validation"));
    if (resourceLocales != null && !resourceLocales.isBlank()) {
      args.add("-c");
      args.add(resourceLocales.trim());
    }
    Set<String> extraPackages = new LinkedHashSet<>();
    for (ExplodedAar aar : aars) {
      // Only libraries with resources get an R class: every R holds all ids, so each costs dex size.
      if (!aar.packageName().equals(applicationId) && aar.hasRClass()) {
        extraPackages.add(aar.packageName());
      }
      Path res = aar.resDir();
      if (res == null) {
        continue;
      }
      Path zip = compiled.resolve(aar.dir().getParent().getFileName() + "_" + aar.dir().getFileName() + ".zip");
      // AAR resources never change for a given version: compile once per unpacking.
      if (!Files.exists(zip) || Files.getLastModifiedTime(zip).compareTo(
          Files.getLastModifiedTime(aar.dir().resolve("AndroidManifest.xml"))) < 0) {
        tool.compileDir(res, zip);
      }
      args.add("-R");
      args.add(zip.toString());
    }
    if (resourceDirectory.isDirectory()) {
      Path appZip = compiled.resolve("app.zip");
      Files.deleteIfExists(appZip);
      tool.compileDir(resourceDirectory.toPath(), appZip);
      args.add("-R");
      args.add(appZip.toString());
    }
    if (!extraPackages.isEmpty()) {
      args.add("--extra-packages");
      args.add(String.join(":", extraPackages));
    }
    Path gen = generatedSources.toPath();
    ExplodedAar.deleteTree(gen);
    Files.createDirectories(gen);
    Path resourceApk = work("resources.ap_");
    Path temp = work("resources.ap_.tmp");
    args.addAll(List.of("--java", gen.toString(), "-o", temp.toString()));
    try {
      tool.link(args, "linking resources for " + applicationId);
      Files.move(temp, resourceApk, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    trimLibraryRClasses(gen, extraPackages, aars);
    return resourceApk;
  }

  /** Each library's R keeps only its R.txt symbols (a library without R.txt keeps them all). */
  private void trimLibraryRClasses(Path gen, Set<String> packages, List<ExplodedAar> aars) throws IOException {
    int before = 0;
    int after = 0;
    for (String pkg : packages) {
      List<Path> rTxts = new ArrayList<>();
      boolean complete = true;
      for (ExplodedAar aar : aars) {
        if (aar.packageName().equals(pkg)) {
          Path rTxt = aar.dir().resolve("R.txt");
          complete &= Files.isRegularFile(rTxt);
          rTxts.add(rTxt);
        }
      }
      Path rJava = gen.resolve(pkg.replace('.', '/')).resolve("R.java");
      if (!complete || !Files.isRegularFile(rJava)) {
        continue;
      }
      before += Files.readAllLines(rJava).size();
      LibraryRClasses.trim(rJava, LibraryRClasses.symbols(rTxts));
      after += Files.readAllLines(rJava).size();
    }
    getLog().info("library R classes trimmed to their R.txt symbols: " + before + " -> " + after + " lines");
  }

  private Path mergeAssets(List<ExplodedAar> aars) throws BuildException, IOException {
    Path generated = generatedAssetsDirectory.toPath();
    for (Map.Entry<String, String> e : assetFiles.entrySet()) {
      String source = e.getValue();
      if (source == null || source.isBlank()) {
        // This goal owns the name: drop a copy left by an earlier build that did set it.
        Files.deleteIfExists(generated.resolve(e.getKey()));
        continue;
      }
      Path from = Path.of(source);
      if (!Files.isRegularFile(from)) {
        throw new BuildException("asset file for '" + e.getKey() + "' does not exist: " + from
            + " (check the path given, e.g. -Dsnaptune.backbone=/path/to/model.tflite)");
      }
      Files.createDirectories(generated);
      Files.copy(from, generated.resolve(e.getKey()), StandardCopyOption.REPLACE_EXISTING);
      getLog().info("asset " + e.getKey() + " <- " + from + " (" + Files.size(from) + " bytes)");
    }
    Path merged = work("assets");
    ExplodedAar.deleteTree(merged);
    Files.createDirectories(merged);
    // Later sources win: libraries, then the app's checked-in assets, then generated ones.
    for (ExplodedAar aar : aars) {
      copyTree(aar.assetsDir(), merged);
    }
    copyTree(assetsDirectory.toPath(), merged);
    copyTree(generated, merged);
    return merged;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> s = Files.walk(from)) {
      // Hidden files (.gitkeep, editor droppings) are not assets, as in aapt's default ignore list.
      for (Path p : (Iterable<Path>) s.filter(f -> Files.isRegularFile(f)
          && !f.getFileName().toString().startsWith("."))::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        Files.createDirectories(target.getParent());
        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private void writeTestConfig(Path manifest, Path assets, Path resourceApk) throws IOException {
    Path file = testConfigDirectory.toPath().resolve("com/android/tools/test_config.properties");
    Files.createDirectories(file.getParent());
    Properties p = new Properties();
    // The keys the Android Gradle plugin writes; Robolectric reads them from the test classpath.
    p.setProperty("android_merged_manifest", manifest.toAbsolutePath().toString());
    p.setProperty("android_merged_assets", assets.toAbsolutePath().toString());
    p.setProperty("android_resource_apk", resourceApk.toAbsolutePath().toString());
    p.setProperty("android_custom_package", applicationId);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "written by snaptune-apk-maven-plugin:prepare");
    }
    Resource resource = new Resource();
    resource.setDirectory(testConfigDirectory.getAbsolutePath());
    project.addTestResource(resource);
  }
}
