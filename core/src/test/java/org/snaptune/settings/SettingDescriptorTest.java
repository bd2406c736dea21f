package org.snaptune.settings;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.Test;
import org.snaptune.train.Clipping;

public class SettingDescriptorTest {

  @Test
  public void descriptorsGiveTheDefaultsTypesAndChoices() {
    TrainingSettings d = TrainingSettings.defaults();
    for (Setting s : Setting.values()) {
      s.check(s.defaultValue());
      assertEquals(s.toString(), s.format(s.defaultValue()), d.value(s));
      assertEquals(s.toString(), s.defaultValue(), s.parse(d.value(s)));
      assertEquals(s.toString(), s.type() == Setting.Type.CHOICE, !s.choices().isEmpty());
    }
    assertEquals(Arrays.asList("OFF", "VALUE", "PER_TENSOR_NORM", "GLOBAL_NORM", "ADAPTIVE",
        "AUTO_PERCENTILE"), Setting.CLIPPING_MODE.choices());
    assertEquals(Clipping.Mode.GLOBAL_NORM, Setting.CLIPPING_MODE.parse("global_norm"));
    assertEquals(Setting.Type.WHOLE_NUMBER, Setting.THREADS.type());
    assertEquals(Setting.Type.DECIMAL, Setting.LEARNING_RATE.type());
    assertEquals(Setting.Type.SWITCH, Setting.EARLY_STOPPING.type());
  }

  @Test
  public void onlyAcceleratorAndThreadsAreEngineSettings() {
    for (Setting s : Setting.values()) {
      assertEquals(s.toString(), s == Setting.DELEGATE || s == Setting.THREADS, s.isEngine());
    }
  }

  @Test
  public void checkNamesTheRange() {
    try {
      Setting.PATIENCE.check(0);
      fail();
    } catch (IllegalArgumentException e) {
      assertEquals("Patience (patience) must be in [1, 100], got 0", e.getMessage());
    }
    try {
      Setting.LEARNING_RATE.check(11f);
      fail();
    } catch (IllegalArgumentException e) {
      assertEquals("Learning rate (learning_rate) must be in (0, 10.0], got 11.0", e.getMessage());
    }
  }

  @Test
  public void engineSettingsUseTheSamePersistedKeysAsTrainingSettings() {
    Map<String, String> saved = new HashMap<>();
    saved.put("delegate", "GPU");
    saved.put("threads", "3");
    saved.put("learning_rate", "0.02");
    TrainingSettings all = TrainingSettings.fromMap(saved);
    EngineSettings engine = EngineSettings.fromMap(saved);
    assertEquals(new EngineSettings(Delegate.GPU, 3), engine);
    assertEquals(engine, all.engine());
    assertEquals(engine.toMap().get("delegate"), all.toMap().get("delegate"));
    assertEquals(engine.toMap().get("threads"), all.toMap().get("threads"));
    TrainingSettings switched = all.toBuilder().optEngine(engine.withDelegate(Delegate.CPU))
        .build();
    assertEquals(Delegate.CPU, switched.delegate());
    assertEquals(all.learningRate(), switched.learningRate(), 0f);
    assertNotEquals(all, switched);
    assertEquals(EngineSettings.defaults(), TrainingSettings.defaults().engine());
  }

  @Test
  public void invalidEngineSettingsNameTheRange() {
    try {
      new EngineSettings(Delegate.CPU, 17);
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("CPU threads (threads) must be in [1, 16]"));
    }
    Map<String, String> saved = new HashMap<>();
    saved.put("delegate", "TPU");
    try {
      EngineSettings.fromMap(saved);
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("expected one of AUTO GPU CPU"));
      assertFalse(e.getMessage().contains("\n"));
    }
  }
}
