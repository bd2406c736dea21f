package org.snaptune.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.util.Arrays;
import org.junit.Test;
import org.snaptune.data.Dataset;
import org.snaptune.settings.Delegate;
import org.snaptune.settings.TrainingSettings;

public class RunFingerprintTest {

  private static final TrainingSettings DEFAULTS = TrainingSettings.defaults();

  private static Dataset data(float firstValue) {
    return new Dataset(Arrays.asList("cat", "dog"), 2,
        new float[] {firstValue, 0.5f, 0.25f, 0.75f, 1f, 0f, 0.1f, 0.9f}, new int[] {0, 0, 1, 1});
  }

  @Test
  public void cameraEngineSettingsKeepTheFingerprint() {
    double base = RunFingerprint.of(DEFAULTS, data(1f));
    Delegate other = DEFAULTS.delegate() == Delegate.CPU ? Delegate.GPU : Delegate.CPU;
    TrainingSettings engine = DEFAULTS.toBuilder().optDelegate(other)
        .optThreads(DEFAULTS.threads() + 1).build();
    assertNotEquals(DEFAULTS, engine);
    assertEquals(base, RunFingerprint.of(engine, data(1f)), 0.0);
  }

  @Test
  public void sampleChangeAltersTheFingerprint() {
    assertNotEquals(RunFingerprint.of(DEFAULTS, data(1f)), RunFingerprint.of(DEFAULTS, data(2f)),
        0.0);
  }

  @Test
  public void labelOrClassChangeAltersTheFingerprint() {
    Dataset relabelled = new Dataset(Arrays.asList("cat", "dog"), 2,
        new float[] {1f, 0.5f, 0.25f, 0.75f, 1f, 0f, 0.1f, 0.9f}, new int[] {0, 1, 0, 1});
    Dataset renamed = new Dataset(Arrays.asList("cat", "fox"), 2,
        new float[] {1f, 0.5f, 0.25f, 0.75f, 1f, 0f, 0.1f, 0.9f}, new int[] {0, 0, 1, 1});
    double base = RunFingerprint.of(DEFAULTS, data(1f));
    assertNotEquals(base, RunFingerprint.of(DEFAULTS, relabelled), 0.0);
    assertNotEquals(base, RunFingerprint.of(DEFAULTS, renamed), 0.0);
  }

  @Test
  public void learningRateChangeAltersTheFingerprint() {
    TrainingSettings faster = DEFAULTS.toBuilder()
        .optLearningRate(DEFAULTS.learningRate() * 2).build();
    assertNotEquals(RunFingerprint.of(DEFAULTS, data(1f)), RunFingerprint.of(faster, data(1f)),
        0.0);
  }

  @Test
  public void sameInputsGiveTheSameFingerprint() {
    assertEquals(RunFingerprint.of(DEFAULTS, data(1f)),
        RunFingerprint.of(TrainingSettings.defaults(), data(1f)), 0.0);
  }
}
