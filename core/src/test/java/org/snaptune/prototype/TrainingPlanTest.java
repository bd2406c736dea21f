package org.snaptune.prototype;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.Test;
import org.snaptune.data.Dataset;
import org.snaptune.model.HeadContract;
import org.snaptune.model.HeadSpec;
import org.snaptune.settings.SettingsMapping;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.train.TrainerConfig;

public class TrainingPlanTest {

  private static final List<String> NAMES = Arrays.asList("keys", "wallet");

  @Test
  public void belowTwentyFivePerClassEverySampleTrainsAndNothingStopsEarly() {
    Dataset data = Clusters.of(NAMES, new int[] {24, 40}, 8, 0.5, 1);
    TrainingPlan plan = TrainingPlan.of(TrainingSettings.defaults(), data, 7);
    assertFalse(plan.hasValidation());
    assertNull(plan.validation());
    assertEquals(64, plan.train().size());
    TrainerConfig c = plan.trainerConfig().build();
    assertEquals(0, c.earlyStoppingPatience());
    assertEquals(TrainingSettings.DEFAULT_STEPS, c.maxSteps());
    // 64 samples in batches of 32: 2 per epoch, so 500 epochs reach the 1000-step budget.
    assertEquals(500, c.epochs());
    assertTrue(plan.describe(), plan.describe().contains("cross-validation"));
  }

  @Test
  public void fromTwentyFivePerClassARealValidationSetDrivesEarlyStopping() {
    Dataset data = Clusters.of(NAMES, new int[] {25, 30}, 8, 0.5, 1);
    TrainingPlan plan = TrainingPlan.of(TrainingSettings.defaults(), data, 7);
    assertTrue(plan.hasValidation());
    assertEquals(11, plan.validation().size());
    int[] rows = plan.validationRows();
    for (int i = 0; i < rows.length; i++) {
      assertEquals(data.label(rows[i]), plan.validation().label(i));
      assertEquals(data.get(rows[i], 3), plan.validation().get(i, 3), 0);
    }
    TrainerConfig c = plan.trainerConfig().build();
    assertEquals(TrainingSettings.defaults().patience(), c.earlyStoppingPatience());
    assertTrue(c.restoreBestWeights());
  }

  @Test
  public void aLinearHeadStartsFromTheImprintedPrototypes() {
    Dataset data = Clusters.of(NAMES, new int[] {3, 3}, 8, 0.5, 2);
    HeadSpec spec = TrainingPlan.of(TrainingSettings.defaults(), data, 1).headSpec().build();
    float[] expected = PrototypeClassifier.fit(data).imprintedLinearWeights()
        .get(HeadContract.kernel(0));
    assertTrue(Arrays.equals(expected, spec.initialWeights().get(HeadContract.kernel(0))));
    assertEquals(SettingsMapping.L2, spec.l2(), 0);
    HeadSpec hidden = TrainingPlan.of(TrainingSettings.builder().optHiddenSize(16).build(), data,
        1).headSpec().build();
    assertFalse(hidden.initialWeights().containsKey(HeadContract.kernel(0)));
  }
}
