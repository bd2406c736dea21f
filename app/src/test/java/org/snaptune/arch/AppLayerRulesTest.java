package org.snaptune.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.Assert.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The app's layers as tests (issue 13): screens render state and forward input; storage and the
 * TFLite runtime are reached through ViewModels and the container, and ViewModels, which outlive
 * their screens, hold nothing of a screen. Plain JVM over app's compiled classes.
 */
public class AppLayerRulesTest {

  private static JavaClasses app;

  @BeforeClass
  public static void importApp() {
    app = ArchitectureRules.moduleClasses("target/classes");
  }

  /** Storage: the sample database, the model stores, bundle files and raw file writes. */
  private static final DescribedPredicate<JavaClass> STORAGE =
      resideInAnyPackage("org.snaptune.store..")
          .or(resideInAnyPackage("org.snaptune.storage.."))
          .or(belongToAnyOf(org.snaptune.personalise.BundleTransfer.class,
              java.io.FileOutputStream.class, java.io.FileWriter.class,
              java.io.RandomAccessFile.class, java.nio.file.Files.class))
          .as("storage (sample database, model stores, bundle files, file writes)");

  /** The TFLite runtime: Android's interpreter and SnapTune's wrappers around it. */
  private static final DescribedPredicate<JavaClass> TFLITE =
      resideInAnyPackage("org.tensorflow..", "org.snaptune.tflite..")
          .as("the TFLite runtime");

  /**
   * The app's screens. By name and by type: the importer reads only app's classes, so the chain
   * up to android.app.Activity (through AndroidX) is not always resolved.
   */
  private static final DescribedPredicate<JavaClass> SCREENS =
      simpleNameEndingWith("Activity").or(assignableTo(android.app.Activity.class))
          .as("Activities");

  @Test
  public void activitiesDoNotTouchStorageOrTflite() {
    assertTrue("the rule sees the screens", app.that(SCREENS).size() >= 5);
    noClasses().that(SCREENS)
        .should().dependOnClassesThat(STORAGE.or(TFLITE))
        .because("an Activity renders its ViewModel's state; storage and inference run behind"
            + " the ViewModel, off the main thread, and survive rotation")
        .check(app);
  }

  @Test
  public void viewModelsHoldNoContextOrView() {
    fields().that().areDeclaredInClassesThat().areAssignableTo(androidx.lifecycle.ViewModel.class)
        .should().notHaveRawType(assignableTo(android.content.Context.class)
            .or(assignableTo(android.view.View.class)))
        .because("a ViewModel outlives its Activity; holding a Context or View leaks the screen")
        .check(app);
  }
}
