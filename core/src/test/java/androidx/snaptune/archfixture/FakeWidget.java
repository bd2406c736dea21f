package androidx.snaptune.archfixture;

/**
 * Stands in for an AndroidX class (core's tests have no Android on the classpath) so that
 * {@code ArchitectureRulesTest} can prove the Android rule catches a dependency.
 */
public final class FakeWidget {
  public static String name() {
    return "widget";
  }
}
