package org.snaptune.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.snaptune.train.TrainerFixtures.CLASSES;
import static org.snaptune.train.TrainerFixtures.allFinite;
import static org.snaptune.train.TrainerFixtures.blobs;
import static org.snaptune.train.TrainerFixtures.head;
import static org.snaptune.train.TrainerFixtures.weights;

import java.util.Arrays;
import java.util.Random;
import org.junit.Test;
import org.snaptune.data.Dataset;
import org.snaptune.health.EpochReport;
import org.snaptune.health.StepReport;
import org.snaptune.health.Verdict;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.Optimizer;

/**
 * Health scenarios through the real trainer on the host runtime with generated data: the verdict,
 * the step it appears at, and what recovery did about it.
 */
public class TrainerHealthHostTest {

  private static final int WIDE = 64;

  /** Blobs in 64 dimensions: an MLP on them at SGD lr 10 kills its ReLUs within a few steps. */
  private static Dataset wideBlobs(int perClass, long seed) {
    Random r = new Random(seed);
    int n = perClass * 3;
    float[] x = new float[n * WIDE];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      for (int j = 0; j < WIDE; j++) {
        x[i * WIDE + j] = (float) (0.5 * r.nextGaussian() + (j % 3 == y[i] ? 2 : 0));
      }
    }
    return new Dataset(CLASSES, WIDE, x, y);
  }

  private static HostSignatureRunner wideMlp() {
    HeadSpec spec = HeadSpec.builder().setEmbeddingSize(WIDE).setNumClasses(3).setBatchSize(16)
        .optOptimizer(Optimizer.sgd()).optHiddenLayers(16).optSeed(0).build();
    return HostSignatureRunner.open(HeadCompiler.compile(spec), 1);
  }

  private static int firstStep(TrainerHostTest.Recorder rec, Verdict.Kind kind) {
    for (StepReport s : rec.steps) {
      if (s.verdict().kind() == kind) {
        return (int) s.step();
      }
    }
    return -1;
  }

  @Test
  public void hugeLearningRateWithoutRecoveryIsExplodingAtStepOneThenFailsCollapsed() {
    try (HostSignatureRunner runner = wideMlp()) {
      TrainerHostTest.Recorder rec = new TrainerHostTest.Recorder();
      TrainerConfig c = TrainerConfig.builder().setLearningRate(10).setEpochs(10).optSeed(0)
          .optFiniteRecovery(false).build();
      Trainer t = new Trainer(runner, CLASSES, c, rec);
      t.start(wideBlobs(40, 1));
      TrainingResult r = t.run();
      assertEquals(1, firstStep(rec, Verdict.Kind.EXPLODING));
      assertEquals(Verdict.Reason.UPDATE_RATIO, rec.steps.get(0).verdict().reason());
      assertEquals(r.toString(), TrainingResult.Status.FAILED, r.status());
      assertTrue(r.failed());
      assertEquals(Verdict.Kind.COLLAPSED, r.finalVerdict().kind());
      assertEquals(Verdict.Reason.DEAD_UNITS, r.finalVerdict().reason());
      assertTrue(r.failedReason(), r.failedReason().startsWith("the run ended COLLAPSED"));
      assertTrue(r.advice(), r.advice().contains("lower the learning rate"));
      assertEquals(r.steps(), r.verdictCounts().values().stream().mapToLong(Long::longValue).sum());
      assertTrue(r.verdictCounts().get(Verdict.Kind.COLLAPSED) > 0);
      // Off means reported, not acted on: the rate never changed.
      for (StepReport s : rec.steps) {
        assertEquals(10, s.learningRate(), 0);
      }
    }
  }

  @Test
  public void theSameRunWithRecoveryBacksOffRollsBackAndCompletes() {
    try (HostSignatureRunner runner = wideMlp()) {
      TrainerHostTest.Recorder rec = new TrainerHostTest.Recorder();
      TrainerConfig c = TrainerConfig.builder().setLearningRate(10).setEpochs(10).optSeed(0)
          .build();
      Trainer t = new Trainer(runner, CLASSES, c, rec);
      t.start(wideBlobs(40, 1));
      TrainingResult r = t.run();
      StepReport first = rec.steps.get(0);
      assertEquals(Verdict.Kind.EXPLODING, first.verdict().kind());
      assertEquals(StepReport.Recovery.ROLLED_BACK, first.recovery());
      assertTrue(first.verdict().action(), first.verdict().action().startsWith(
          "learning rate backed off to x0.500, rolled back to the weights of applied step 0"));
      assertEquals(0.5, first.lrScale(), 0);
      assertEquals(5, rec.steps.get(1).learningRate(), 1e-9);
      assertTrue(r.rollbacks() >= 1);
      assertFalse(r.toString(), r.failed());
      assertTrue(r.toString(), r.validation().accuracy() >= 0.9);
      assertTrue(allFinite(weights(runner)));
    }
  }

  @Test
  public void aBackedOffRateGrowsBackToTheConfiguredOneAfterCleanSteps() {
    try (HostSignatureRunner real = head(8, Optimizer.sgd())) {
      FaultInjectingRunner runner = new FaultInjectingRunner(real, 3);
      TrainerHostTest.Recorder rec = new TrainerHostTest.Recorder();
      TrainerConfig c = TrainerConfig.builder().setLearningRate(0.2).setEpochs(4).optSeed(11)
          .optGrowth(10, 2).build();
      Trainer t = new Trainer(runner, CLASSES, c, rec);
      t.start(blobs(40, 2, 0));
      TrainingResult r = t.run();
      assertEquals(0.2, rec.steps.get(2).learningRate(), 1e-9);
      assertEquals(StepReport.Recovery.SKIPPED, rec.steps.get(2).recovery());
      assertEquals(0.1, rec.steps.get(3).learningRate(), 1e-9);
      // Ten clean steps (4..13) later the rate is back at 0.2, and says so.
      StepReport grown = rec.steps.get(12);
      assertEquals(StepReport.Recovery.GREW_BACK, grown.recovery());
      assertTrue(grown.verdict().action(),
          grown.verdict().action().contains("learning rate grew back to x1.00 after 10 clean steps"));
      assertEquals(0.1, grown.learningRate(), 1e-9);
      assertEquals(0.2, rec.steps.get(13).learningRate(), 1e-9);
      assertEquals(1.0, rec.steps.get(rec.steps.size() - 1).lrScale(), 0);
      assertEquals(TrainingResult.Status.COMPLETED, r.status());
    }
  }

  @Test
  public void tinyAgcLambdaWithSgdIsSaturatedAndNeverHealthyInASaturatedEpoch() {
    try (HostSignatureRunner runner = head(8, Optimizer.sgd(), 16)) {
      TrainerHostTest.Recorder rec = new TrainerHostTest.Recorder();
      TrainerConfig c = TrainerConfig.builder().setLearningRate(0.1).setEpochs(5).optSeed(3)
          .optClipping(Clipping.adaptive(1e-4, 1e-3)).build();
      Trainer t = new Trainer(runner, CLASSES, c, rec);
      assertTrue(t.clippingScope(), t.clippingScope().contains("not the final classifier layer"));
      t.start(blobs(40, 3, 0));
      t.run();
      assertEquals(1, firstStep(rec, Verdict.Kind.SATURATED_CLIPPING));
      assertEquals(Verdict.Reason.AGC_SATURATED, rec.steps.get(0).verdict().reason());
      assertHealthyOnlyInUnsaturatedEpochs(rec);
    }
  }

  @Test
  public void aTightGlobalThresholdIsSaturatedTooTight() {
    try (HostSignatureRunner runner = head(8, Optimizer.adam())) {
      TrainerHostTest.Recorder rec = new TrainerHostTest.Recorder();
      TrainerConfig c = TrainerConfig.builder().setLearningRate(0.01).setEpochs(5).optSeed(3)
          .optClipping(Clipping.globalNorm(1e-3)).build();
      Trainer t = new Trainer(runner, CLASSES, c, rec);
      t.start(blobs(40, 3, 0));
      TrainingResult r = t.run();
      assertEquals(1, firstStep(rec, Verdict.Kind.SATURATED_CLIPPING));
      assertEquals(Verdict.Reason.CLIP_TOO_TIGHT, r.finalVerdict().reason());
      assertTrue(r.finalVerdict().advice(), r.finalVerdict().advice().contains(
          "raise the clipping threshold"));
      assertEquals(0, r.verdictCounts().get(Verdict.Kind.HEALTHY).longValue());
      assertHealthyOnlyInUnsaturatedEpochs(rec);
    }
  }

  @Test
  public void aHealthyRunRaisesNoAlarm() {
    try (HostSignatureRunner runner = head(8, Optimizer.adam(), 16)) {
      TrainerHostTest.Recorder rec = new TrainerHostTest.Recorder();
      TrainerConfig c = TrainerConfig.builder().setLearningRate(0.01).setEpochs(20).optSeed(5)
          .build();
      Trainer t = new Trainer(runner, CLASSES, c, rec);
      t.start(blobs(40, 5, 0));
      TrainingResult r = t.run();
      assertEquals(TrainingResult.Status.COMPLETED, r.status());
      long alarms = rec.steps.stream().filter(s -> s.verdict().kind() != Verdict.Kind.HEALTHY
          && s.verdict().kind() != Verdict.Kind.STALLED).count();
      assertEquals(Arrays.toString(rec.changes.toArray()), 0, alarms);
      assertTrue(rec.steps.stream().allMatch(s -> s.lrScale() == 1));
    }
  }

  /** No step is HEALTHY in an epoch where more than 90 % of steps were clipped. */
  private static void assertHealthyOnlyInUnsaturatedEpochs(TrainerHostTest.Recorder rec) {
    for (EpochReport e : rec.epochs) {
      long steps = rec.steps.stream().filter(s -> s.epoch() == e.epoch()).count();
      if (e.clippedSteps() > 0.9 * steps) {
        assertFalse("HEALTHY step in epoch " + e.epoch(), rec.steps.stream().anyMatch(
            s -> s.epoch() == e.epoch() && s.verdict().kind() == Verdict.Kind.HEALTHY));
      }
    }
  }
}
