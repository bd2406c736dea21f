package org.snaptune.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Architecture rules shared by the modules' tests (core's test-jar carries them to host and
 * app): import one module's own classes with {@link #moduleClasses}, then
 * {@code rule.check(classes)} in a JUnit test. Rules are immutable and thread-safe.
 *
 * <p>Classes are imported from the module's {@code target/classes} rather than by package: core
 * and app share package names ({@code org.snaptune.export}, {@code .samples}, {@code .settings}),
 * so only the folder says which module a class belongs to.
 */
public final class ArchitectureRules {

  private ArchitectureRules() {}

  /**
   * The production classes of the module whose build folder is {@code classesDir} (Maven's
   * {@code target/classes}, relative to the module when tests run).
   *
   * @throws IllegalStateException when the folder holds no classes (not compiled yet)
   */
  public static JavaClasses moduleClasses(String classesDir) {
    Path dir = Paths.get(classesDir);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("no compiled classes at " + dir.toAbsolutePath()
          + "; run the module's tests through Maven (compile first)");
    }
    JavaClasses imported = new ClassFileImporter().importPath(dir);
    if (imported.isEmpty()) {
      throw new IllegalStateException("no classes under " + dir.toAbsolutePath());
    }
    return imported;
  }

  /**
   * No cycle between packages: every package (the root {@code org.snaptune} included, each
   * subpackage on its own) is a slice, and no slice may reach itself through others.
   */
  public static ArchRule noPackageCycles() {
    return slices().matching("org.(**)").namingSlices("package org.$1").should().beFreeOfCycles()
        .because("a package cycle means two packages can only be understood and changed together");
  }

  /** No class touches the Android SDK or AndroidX (core must run on a plain JVM). */
  public static ArchRule noAndroid() {
    return noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("android..", "androidx..", "com.google.android..", "dalvik..")
        .because("core runs on the desktop host and in unit tests without Android");
  }

  /**
   * Classes depend only on the JDK, on classes of {@code module} itself and on the given
   * library packages: no class of another SnapTune module (host, app), even where it shares a
   * package name with this one.
   *
   * @param libraries package patterns such as {@code "org.tensorflow.."}
   */
  public static ArchRule dependOnlyOnItselfAnd(JavaClasses module, String... libraries) {
    DescribedPredicate<JavaClass> own = DescribedPredicate.describe("in this module",
        c -> module.contain(c.getName()) || c.isArray() && module.contain(baseName(c)));
    // javax.net.ssl is on Android too (HTTPS downloads); other javax packages (imageio, swing) are not.
    DescribedPredicate<JavaClass> allowed = JavaClass.Predicates.resideInAnyPackage("java..",
        "javax.net.ssl..")
        .or(JavaClass.Predicates.resideInAnyPackage(libraries))
        .or(own)
        .or(DescribedPredicate.describe("a primitive", JavaClass::isPrimitive));
    return classes().should().onlyDependOnClassesThat(allowed)
        .because("a module must not reach into the modules built on top of it");
  }

  private static String baseName(JavaClass c) {
    JavaClass base = c;
    while (base.isArray()) {
      base = base.getComponentType();
    }
    return base.getName();
  }
}
