package org.snaptune.train;

import static org.junit.Assert.assertEquals;
import static org.snaptune.testing.Expect.refused;

import org.junit.Test;

public class ScheduleAndConfigTest {

  @Test
  public void cosineGoesFromBaseToMinimum() {
    LearningRateSchedule s = LearningRateSchedule.cosine(0.1);
    assertEquals(1.0, s.rate(1.0, 0, 100, 1), 1e-12);
    assertEquals(0.55, s.rate(1.0, 50, 100, 1), 1e-12);
    assertEquals(0.1, s.rate(1.0, 100, 100, 1), 1e-12);
    assertEquals(0.1, s.rate(1.0, 150, 100, 1), 1e-12);
  }

  @Test
  public void plateauReducesDownToTheFloor() {
    LearningRateSchedule s = LearningRateSchedule.reduceOnPlateau(0.5, 2, 0.2);
    double scale = 1;
    scale = s.reduce(scale);
    assertEquals(1.0, s.rate(2.0, 10, 100, scale), 1e-12);
    scale = s.reduce(s.reduce(scale));
    assertEquals(0.2, scale, 1e-12);
    assertEquals(3.0, LearningRateSchedule.constant().rate(3.0, 99, 100, 0.1), 0);
  }

  @Test
  public void configRequiresLearningRateAndEpochs() {
    refused("setLearningRate", () -> TrainerConfig.builder().setEpochs(1).build());
    refused("setEpochs", () -> TrainerConfig.builder().setLearningRate(0.1).build());
    refused("learning rate", () -> TrainerConfig.builder().setLearningRate(-1).setEpochs(1).build());
    refused("validation fraction", () -> TrainerConfig.builder().setLearningRate(0.1).setEpochs(1)
        .optValidationFraction(1).build());
    refused("back-off", () -> TrainerConfig.builder().setLearningRate(0.1).setEpochs(1)
        .optRecovery(0, 1e-3, 3, 3).build());
    refused("Clipping.off()", () -> TrainerConfig.builder().setLearningRate(0.1).setEpochs(1)
        .optClipping(null).build());
    TrainerConfig c = TrainerConfig.builder().setLearningRate(0.1).setEpochs(2).build();
    assertEquals(Clipping.Mode.OFF, c.clipping().mode());
    assertEquals(Long.MAX_VALUE, c.maxSteps());
  }
}
