package org.snaptune.arch;

import static org.junit.Assert.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The app's architecture as a test. Plain JVM: reads app's compiled classes (target/classes).
 *
 * <p>Layers, top to bottom: screens ({@code classify}, {@code samples}' review screen,
 * {@code training}'s screen, {@code settings}, {@code status}) → the root package (only
 * {@code SnapTuneApplication} and the {@code AppServices} container) → what the container builds
 * ({@code personalise}, {@code storage}, {@code models}, {@code camera}, {@code tflite},
 * {@code isolation}) → core. The root package may therefore
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
    ArchitectureRules.noPackageCycles().check(app);
  }

  @Test
  public void ruleSeesEveryAppPackage() {
    // A rule checked against too few classes would pass for the wrong reason.
    for (String c : new String[] {"org.snaptune.AppServices", "org.snaptune.SnapTuneApplication",
        "org.snaptune.classify.CameraActivity", "org.snaptune.classify.ClassifyViewModel",
        "org.snaptune.models.DownloadTracker", "org.snaptune.status.MainActivity",
        "org.snaptune.personalise.TrainingController", "org.snaptune.storage.SampleDatabase",
        "org.snaptune.camera.Camera2Source", "org.snaptune.samples.SamplesActivity",
        "org.snaptune.training.TrainingActivity", "org.snaptune.settings.SettingsActivity"}) {
      assertTrue(c + " must be among the checked classes", app.contain(c));
    }
  }
}
