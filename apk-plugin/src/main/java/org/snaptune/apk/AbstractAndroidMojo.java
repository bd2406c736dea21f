package org.snaptune.apk;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Parameters and helpers shared by the mojos that build Android artifacts. Each mojo instance is used
 * by one thread for one execution.
 */
abstract class AbstractAndroidMojo extends AbstractMojo {

  /** The project being built (read-only, injected by Maven). */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  /** The application id, which is also the manifest package and the package of the generated R class. */
  @Parameter(property = "snaptune.applicationId", required = true)
  protected String applicationId;

  /** minSdkVersion written into the merged manifest and used by D8 and apksig. */
  @Parameter(property = "snaptune.minSdk", defaultValue = "26")
  protected int minSdk;

  /** targetSdkVersion written into the merged manifest. */
  @Parameter(property = "snaptune.targetSdk", defaultValue = "34")
  protected int targetSdk;

  /** Scratch directory for intermediate files (merged manifest, compiled resources, dex, unsigned APK). */
  @Parameter(defaultValue = "${project.build.directory}/apk-work")
  protected File workDirectory;

  /** Where each AAR dependency is unpacked, one directory per artifact. */
  @Parameter(defaultValue = "${project.build.directory}/aar")
  protected File aarDirectory;

  /**
   * Cache of dexed dependency jars, keyed by content, D8 version and minSdk; outside target/ so a
   * clean build does not re-dex unchanged libraries. Safe to delete at any time.
   */
  @Parameter(property = "snaptune.dexCache", defaultValue = "${user.home}/.snaptune/dex-cache")
  protected File dexCacheDirectory;

  /** The aapt2 executable: a path, or a name looked up on PATH (Debian package {@code aapt}). */
  @Parameter(property = "snaptune.aapt2", defaultValue = "aapt2")
  protected String aapt2;

  /**
   * The framework jar (javac classpath, aapt2 {@code -I}, D8 library). Defaults to the project's
   * {@code org.robolectric:android-all} dependency, which holds both classes and resources.arsc.
   */
  @Parameter(property = "snaptune.androidJar")
  protected File androidJar;

  /** Debug keystore, created on first use; outside the repository so no key is ever committed. */
  @Parameter(property = "snaptune.debugKeystore", defaultValue = "${user.home}/.snaptune/debug.keystore")
  protected File debugKeystore;

  /** Release keystore (PKCS12 or JKS); when set, the APK is release-signed. Env: SNAPTUNE_KEYSTORE. */
  @Parameter(property = "snaptune.keystore")
  protected String keystore;

  /** Release keystore password. Env: SNAPTUNE_STORE_PASSWORD. */
  @Parameter(property = "snaptune.storePassword")
  protected String storePassword;

  /** Alias of the release key. Env: SNAPTUNE_KEY_ALIAS. */
  @Parameter(property = "snaptune.keyAlias")
  protected String keyAlias;

  /** Password of the release key (defaults to the store password). Env: SNAPTUNE_KEY_PASSWORD. */
  @Parameter(property = "snaptune.keyPassword")
  protected String keyPassword;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    try {
      run();
    } catch (BuildException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("I/O error: " + e.getMessage(), e);
    }
  }

  protected abstract void run() throws BuildException, IOException;

  protected Aapt2 aapt2() {
    return new Aapt2(aapt2, line -> getLog().warn("aapt2: " + line));
  }

  protected Path work(String name) {
    return workDirectory.toPath().resolve(name);
  }

  /** The framework jar, from the parameter or the resolved android-all dependency. */
  protected Path androidJar() throws BuildException {
    if (androidJar != null) {
      if (!androidJar.isFile()) {
        throw new BuildException("androidJar " + androidJar + " does not exist; point it at an "
            + "org.robolectric:android-all jar or remove the setting");
      }
      return androidJar.toPath();
    }
    for (Artifact a : project.getArtifacts()) {
      if ("org.robolectric".equals(a.getGroupId()) && "android-all".equals(a.getArtifactId())) {
        return a.getFile().toPath();
      }
    }
    throw new BuildException("no Android framework jar: add org.robolectric:android-all (scope provided) "
        + "to the dependencies, or set <androidJar>");
  }

  /** Is this resolved artifact an AAR (before or after {@link PrepareMojo} swapped in classes.jar)? */
  protected static boolean isAar(Artifact a) {
    return "aar".equals(a.getType());
  }

  /** Directory an AAR is unpacked into. */
  protected Path explodedDir(Artifact a) {
    String name = a.getArtifactId() + "-" + a.getBaseVersion()
        + (a.hasClassifier() ? "-" + a.getClassifier() : "");
    return aarDirectory.toPath().resolve(a.getGroupId()).resolve(name);
  }

  /** Does the scope put this artifact into the APK? */
  protected static boolean packaged(Artifact a) {
    return Artifact.SCOPE_COMPILE.equals(a.getScope()) || Artifact.SCOPE_RUNTIME.equals(a.getScope());
  }

  /** AARs unpacked by {@link PrepareMojo}, in dependency order, filtered to packaged scopes. */
  protected List<ExplodedAar> packagedAars() throws BuildException {
    List<ExplodedAar> aars = new ArrayList<>();
    for (Artifact a : project.getArtifacts()) {
      if (isAar(a) && packaged(a)) {
        Path dir = explodedDir(a);
        if (!Files.isDirectory(dir)) {
          throw new BuildException("AAR " + a + " was not unpacked: bind the 'prepare' goal (generate-sources) "
              + "before this one");
        }
        aars.add(ExplodedAar.open(dir));
      }
    }
    return aars;
  }

  protected boolean release() {
    return keystoreSetting() != null;
  }

  private String keystoreSetting() {
    return firstNonBlank(keystore, System.getenv("SNAPTUNE_KEYSTORE"));
  }

  protected String keyAlias() {
    return firstNonBlank(keyAlias, System.getenv("SNAPTUNE_KEY_ALIAS"));
  }

  protected SigningKeys.Key signingKey() throws BuildException {
    if (!release()) {
      return SigningKeys.debugKey(debugKeystore.toPath());
    }
    return SigningKeys.load(Path.of(keystoreSetting()),
        firstNonBlank(storePassword, System.getenv("SNAPTUNE_STORE_PASSWORD")), keyAlias(),
        firstNonBlank(keyPassword, System.getenv("SNAPTUNE_KEY_PASSWORD")));
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }
}
