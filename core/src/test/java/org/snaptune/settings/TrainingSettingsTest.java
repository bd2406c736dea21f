package org.snaptune.settings;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.HashMap;
import java.util.Map;
import org.junit.Test;
import org.snaptune.train.Clipping;

public class TrainingSettingsTest {

  @Test
  public void defaultsAreValidAndSensible() {
    TrainingSettings d = TrainingSettings.defaults();
    assertEquals(Clipping.Mode.AUTO_PERCENTILE, d.clippingMode());
    assertEquals(90f, d.clippingThreshold(), 0f);
    assertEquals(OptimizerChoice.ADAM, d.optimizer());
    assertEquals(0.01f, d.learningRate(), 0f);
    assertEquals(32, d.batchSize());
    assertEquals(1000, d.steps());
    assertTrue(d.earlyStopping());
    assertEquals(0, d.hiddenSize());
    assertEquals(d, TrainingSettings.builder().build());
  }

  @Test
  public void mapRoundTripKeepsEveryField() {
    TrainingSettings s = TrainingSettings.builder()
        .optClipping(Clipping.Mode.AUTO_PERCENTILE, 25f)
        .optOptimizer(OptimizerChoice.MOMENTUM).optLearningRate(0.0375f)
        .optSchedule(Schedule.REDUCE_ON_PLATEAU).optBatchSize(7).optSteps(1234)
        .optEarlyStopping(false).optPatience(9).optHiddenSize(64)
        .optDelegate(Delegate.CPU).optThreads(3).build();
    Map<String, String> map = s.toMap();
    assertEquals(Setting.values().length, map.size());
    assertEquals("MOMENTUM", map.get("optimizer"));
    TrainingSettings back = TrainingSettings.fromMap(map);
    assertEquals(s, back);
    assertEquals(0.0375f, back.learningRate(), 0f);
    assertEquals(Clipping.Mode.AUTO_PERCENTILE, back.clippingMode());
    assertEquals(25f, back.clippingThreshold(), 0f);
    assertFalse(back.earlyStopping());
    assertNotEquals(TrainingSettings.defaults(), back);
  }

  @Test
  public void missingKeysTakeDefaultsAndUnknownKeysAreIgnored() {
    Map<String, String> map = new HashMap<>();
    map.put("batch_size", "64");
    map.put("some_future_setting", "whatever");
    TrainingSettings s = TrainingSettings.fromMap(map);
    assertEquals(64, s.batchSize());
    assertEquals(TrainingSettings.defaults().toBuilder().optBatchSize(64).build(), s);
  }

  @Test
  public void invalidValuesNameTheSettingAndWhatIsValid() {
    expect(Setting.BATCH_SIZE, "0", "Batch size (batch_size) must be in [1, 256], got 0");
    expect(Setting.BATCH_SIZE, "many", "\"many\" is not valid; expected a whole number");
    expect(Setting.LEARNING_RATE, "-1", "must be in (0, 10.0]");
    expect(Setting.LEARNING_RATE, "NaN", "a finite number");
    expect(Setting.OPTIMIZER, "rmsprop", "expected one of SGD MOMENTUM ADAM");
    expect(Setting.EARLY_STOPPING, "yes", "true or false");
    expect(Setting.THREADS, "99", "must be in [1, 16]");
    expect(Setting.HIDDEN_SIZE, "-3", "must be in [0, 4096]");
    expect(Setting.CLIPPING_THRESHOLD, "0", "clipping threshold for AUTO_PERCENTILE");
    expect(Setting.STEPS, "0", "Training steps (steps) must be in [1, 100000], got 0");
  }

  @Test
  public void thresholdRangeDependsOnMode() {
    TrainingSettings agc = TrainingSettings.builder().optClipping(Clipping.Mode.GLOBAL_NORM).build()
        .with(Setting.CLIPPING_MODE, "adaptive");
    assertEquals("switching the mode by name keeps the old threshold, which AGC accepts only if "
        + "in its range", 1f, agc.clippingThreshold(), 0f);
    try {
      TrainingSettings.defaults().toBuilder().optClipping(Clipping.Mode.ADAPTIVE, 5f).build();
      fail("λ = 5 is outside AGC's range");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("ratio λ"));
    }
    TrainingSettings off = TrainingSettings.builder().optClipping(Clipping.Mode.OFF, 0f).build();
    assertEquals("Unused while clipping is off.", off.explain(Setting.CLIPPING_THRESHOLD));
    assertEquals(0.01f, TrainingSettings.builder().optClipping(Clipping.Mode.ADAPTIVE).build()
        .clippingThreshold(), 0f);
  }

  @Test
  public void everySettingHasAOneLineExplanation() {
    for (TrainingSettings s : new TrainingSettings[] {TrainingSettings.defaults(),
        TrainingSettings.builder().optClipping(Clipping.Mode.OFF).optEarlyStopping(false).build()}) {
      for (Setting setting : Setting.values()) {
        String line = s.explain(setting);
        assertTrue(setting + ": " + line, line.length() > 10 && line.length() < 200);
        assertFalse(setting + " must be one line", line.contains("\n"));
        assertEquals(setting, Setting.forKey(setting.key()));
      }
    }
    assertTrue(TrainingSettings.defaults().explain(Setting.CLIPPING_THRESHOLD)
        .contains("percentile p of past norms"));
    assertTrue(TrainingSettings.builder().optEarlyStopping(false).build()
        .explain(Setting.PATIENCE).contains("unused"));
  }

  @Test
  public void unknownKeyListsValidKeys() {
    try {
      Setting.forKey("lr");
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("learning_rate"));
    }
  }

  private static void expect(Setting s, String value, String expected) {
    try {
      TrainingSettings.defaults().with(s, value);
      fail(s + "=" + value + " accepted");
    } catch (IllegalArgumentException e) {
      assertTrue("\"" + e.getMessage() + "\" should contain \"" + expected + "\"",
          e.getMessage().contains(expected));
    }
  }
}
