package org.snaptune.settings;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.snaptune.model.HeadSpec;
import org.snaptune.train.Clipping;
import org.snaptune.train.LearningRateSchedule;
import org.snaptune.train.TrainerConfig;

public class SettingsMappingTest {

  @Test
  public void everyClippingModeMapsToTheTrainersModeAndThreshold() {
    for (Clipping.Mode mode : Clipping.Mode.values()) {
      TrainingSettings s = TrainingSettings.builder().optClipping(mode).build();
      Clipping c = SettingsMapping.clipping(s);
      assertEquals(mode.name(), c.mode().name());
      if (mode != Clipping.Mode.OFF) {
        assertTrue(c + " should carry " + s.clippingThreshold(),
            c.toString().contains(String.valueOf((double) s.clippingThreshold())));
      }
    }
  }

  @Test
  public void trainerConfigTurnsTheStepBudgetIntoEpochsAndStepLimit() {
    TrainingSettings s = TrainingSettings.builder().optLearningRate(0.02f).optSteps(1000)
        .optSchedule(Schedule.REDUCE_ON_PLATEAU).optPatience(3).optEarlyStopping(true).build();
    // 3 batches per epoch: 334 epochs reach the budget, the step limit ends it exactly there.
    TrainerConfig c = SettingsMapping.trainerConfig(s, 3, true).build();
    assertEquals(0.02f, c.learningRate(), 1e-9);
    assertEquals(334, c.epochs());
    assertEquals(1000, c.maxSteps());
    assertEquals(LearningRateSchedule.Kind.REDUCE_ON_PLATEAU, c.schedule().kind());
    assertEquals(3, c.schedule().patience());
    assertEquals(3, c.earlyStoppingPatience());
    assertTrue(c.restoreBestWeights());
    assertEquals(1000, SettingsMapping.trainerConfig(s, 1, true).build().epochs());
    TrainerConfig off = SettingsMapping.trainerConfig(
        s.toBuilder().optEarlyStopping(false).optSchedule(Schedule.COSINE).build(), 3, true)
        .build();
    assertEquals(0, off.earlyStoppingPatience());
    assertEquals(LearningRateSchedule.Kind.COSINE, off.schedule().kind());
  }

  @Test
  public void withoutAValidationSetThereIsNoEarlyStoppingEvenWhenTheSettingIsOn() {
    TrainingSettings s = TrainingSettings.defaults();
    assertTrue(s.earlyStopping());
    TrainerConfig c = SettingsMapping.trainerConfig(s, 2, false).build();
    assertEquals(0, c.earlyStoppingPatience());
    assertEquals(0.0, c.validationFraction(), 0);
    assertEquals(false, c.restoreBestWeights());
  }

  @Test
  public void defaultClippingFollowsTheObservedNormsNotAFixedThreshold() {
    Clipping c = SettingsMapping.clipping(TrainingSettings.defaults());
    assertEquals(Clipping.Mode.AUTO_PERCENTILE, c.mode());
  }

  @Test
  public void headSpecCarriesBatchHiddenLayerAndOptimizer() {
    TrainingSettings s = TrainingSettings.builder().optBatchSize(8).optHiddenSize(32)
        .optOptimizer(OptimizerChoice.MOMENTUM).build();
    HeadSpec spec = SettingsMapping.headSpec(s, 1280, 4).build();
    assertEquals(8, spec.batchSize());
    assertArrayEquals(new int[] {32}, spec.hiddenLayers());
    assertEquals(org.snaptune.model.Optimizer.Kind.MOMENTUM, spec.optimizer().kind());
    assertEquals(0.9, spec.optimizer().momentum(), 0);
    HeadSpec linear = SettingsMapping.headSpec(TrainingSettings.defaults(), 256, 2).build();
    assertEquals(0, linear.hiddenLayers().length);
    assertEquals(org.snaptune.model.Optimizer.Kind.ADAM, linear.optimizer().kind());
  }
}
