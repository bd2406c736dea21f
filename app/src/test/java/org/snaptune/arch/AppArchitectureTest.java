package org.snaptune.arch;

import static org.junit.Assert.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.library.dependencies.SliceRule;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The app's architecture as a test. Plain JVM: reads app's compiled classes (target/classes).
 *
 * <p>Layers, top to bottom: screens ({@code classify}, {@code samples}' review screen,
 * {@code training}'s screen, {@code settings}, {@code status}) → the root package (only
 * {@code SnapTuneApplication} and the {@code AppServices} container) → what the container builds
 * ({@code models}, {@code camera}, {@code tflite}, stores) → core. The root package may therefore
 * import the packages below it but no screen package, and no class below it may import it.
 */
public class AppArchitectureTest {

  private static JavaClasses app;

  @BeforeClass
  public static void importApp() {
    app = ArchitectureRules.moduleClasses("target/classes");
  }

  @Test
  public void noPackageCyclesInTheApp() {
    // Two container edges still point up into a screen package: the sample database and the
    // trained-head store live beside SamplesActivity and TrainingActivity. They are the only
    // exceptions (named exactly, so any other cycle fails); moving those stores out of the screen
    // packages (issue 13, the container work) removes both lines.
    SliceRule rule = (SliceRule) ArchitectureRules.noPackageCycles();
    rule.ignoreDependency("org.snaptune.AppServices", "org.snaptune.samples.SampleDatabase")
        .ignoreDependency("org.snaptune.AppServices", "org.snaptune.training.TrainedHeadStore")
        .check(app);
  }

  @Test
  public void ruleSeesEveryAppPackage() {
    // A rule checked against too few classes would pass for the wrong reason.
    for (String c : new String[] {"org.snaptune.AppServices", "org.snaptune.SnapTuneApplication",
        "org.snaptune.classify.CameraActivity", "org.snaptune.classify.ClassifyViewModel",
        "org.snaptune.models.DownloadTracker", "org.snaptune.status.MainActivity",
        "org.snaptune.camera.Camera2Source", "org.snaptune.samples.SamplesActivity",
        "org.snaptune.training.TrainingActivity", "org.snaptune.settings.SettingsActivity"}) {
      assertTrue(c + " must be among the checked classes", app.contain(c));
    }
  }
}
