package org.snaptune.arch;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.BeforeClass;
import org.junit.Test;
import org.snaptune.arch.fixture.UsesAndroid;
import org.snaptune.arch.fixture.cycle.Upper;
import org.snaptune.arch.fixture.cycle.inner.Lower;

/** Core's architecture: no package cycles, no Android, nothing of the modules above it. */
public class ArchitectureRulesTest {

  private static JavaClasses core;

  @BeforeClass
  public static void importCore() {
    core = ArchitectureRules.moduleClasses("target/classes");
  }

  @Test
  public void coreHasNoPackageCycles() {
    ArchitectureRules.noPackageCycles().check(core);
  }

  @Test
  public void coreIsFreeOfAndroid() {
    ArchitectureRules.noAndroid().check(core);
  }

  @Test
  public void coreDependsOnlyOnTheJdkItselfAndItsLibraries() {
    ArchitectureRules.dependOnlyOnItselfAnd(core, "org.tensorflow..", "com.google.flatbuffers..",
        "com.google.gson..")
        .check(core);
  }

  @Test
  public void coreIsImportedWhole() {
    // A rule checked against too few classes would pass for the wrong reason.
    assertTrue(core.contain("org.snaptune.train.Trainer"));
    assertTrue(core.contain("org.snaptune.io.AtomicFiles"));
    assertTrue("test classes must not count as core", !core.contain(getClass().getName()));
  }

  @Test
  public void aCycleThroughAParentPackageIsCaught() {
    JavaClasses cyclic = new ClassFileImporter().importClasses(Upper.class, Lower.class);
    expectViolation(ArchitectureRules.noPackageCycles(), cyclic, "fixture.cycle");
  }

  @Test
  public void anAndroidDependencyIsCaught() {
    JavaClasses classes = new ClassFileImporter().importClasses(UsesAndroid.class);
    expectViolation(ArchitectureRules.noAndroid(), classes, "FakeWidget");
  }

  @Test
  public void aDependencyOnAnotherModuleIsCaught() {
    // UsesAndroid alone is the "module": FakeWidget is outside it and not an allowed library.
    JavaClasses classes = new ClassFileImporter().importClasses(UsesAndroid.class);
    expectViolation(ArchitectureRules.dependOnlyOnItselfAnd(classes, "org.tensorflow.."),
        classes, "FakeWidget");
  }

  private static void expectViolation(ArchRule rule, JavaClasses classes, String mention) {
    try {
      rule.check(classes);
    } catch (AssertionError e) {
      assertTrue(e.getMessage(), e.getMessage().contains(mention));
      return;
    }
    fail("rule did not catch the violation: " + rule.getDescription());
  }
}
