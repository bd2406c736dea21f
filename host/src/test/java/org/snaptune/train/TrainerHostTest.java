package org.snaptune.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.snaptune.testing.Expect.misuse;
import static org.snaptune.testing.Expect.refused;
import static org.snaptune.train.TrainerFixtures.CLASSES;
import static org.snaptune.train.TrainerFixtures.allFinite;
import static org.snaptune.train.TrainerFixtures.blobs;
import static org.snaptune.train.TrainerFixtures.head;
import static org.snaptune.train.TrainerFixtures.sameWeights;
import static org.snaptune.train.TrainerFixtures.weights;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.snaptune.data.Dataset;
import org.snaptune.health.EpochReport;
import org.snaptune.health.StepReport;
import org.snaptune.health.Verdict;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.model.Optimizer;

/** The trainer against real compiled heads on the host TFLite runtime. */
public class TrainerHostTest {

  /** Records every report. */
  static class Recorder implements TrainingListener {
    final List<StepReport> steps = new ArrayList<>();
    final List<EpochReport> epochs = new ArrayList<>();
    final List<Verdict> changes = new ArrayList<>();
    TrainingResult finished;

    @Override public void onStep(StepReport r) { steps.add(r); }
    @Override public void onEpoch(EpochReport r) { epochs.add(r); }
    @Override public void onVerdictChange(Verdict p, Verdict c) { changes.add(c); }
    @Override public void onFinished(TrainingResult r) { finished = r; }
  }

  private static TrainerConfig.Builder config(double lr, int epochs) {
    return TrainerConfig.builder().setLearningRate(lr).setEpochs(epochs).optSeed(11);
  }

  @Test
  public void trainsSeparableBlobsAndReportsEveryStep() {
    try (HostSignatureRunner runner = head(8, Optimizer.adam())) {
      Recorder rec = new Recorder();
      Trainer t = new Trainer(runner, CLASSES, config(0.05, 15).build(), rec);
      t.start(blobs(40, 1, 0));
      TrainingResult r = t.run();
      assertEquals(TrainingResult.Status.COMPLETED, r.status());
      assertEquals(15, r.epochs());
      assertEquals(15 * 12, r.steps()); // 96 training rows / 8
      assertEquals(r.steps(), r.appliedSteps());
      assertEquals(0, r.nonFiniteSteps());
      assertTrue(r.toString(), r.validation().accuracy() >= 0.95);
      assertEquals(r.steps(), rec.steps.size());
      assertEquals(15, rec.epochs.size());
      assertTrue(rec.finished == r);
      StepReport first = rec.steps.get(0);
      assertTrue(first.applied() && first.loss() > 0 && first.normBefore() > 0);
      assertEquals(first.normBefore(), first.normAfter(), 0);
      assertTrue(first.updateRatio() > 0 && first.updateRatio() < 1);
      assertEquals(2, first.variableNorms().size());
      assertTrue(rec.epochs.get(14).validationLoss() < rec.epochs.get(0).validationLoss());
    }
  }

  @Test
  public void injectedNaNNeverReachesTheWeightsAndTrainingCompletes() {
    try (HostSignatureRunner real = head(8, Optimizer.sgd())) {
      FaultInjectingRunner runner = new FaultInjectingRunner(real, 3, 10, 11);
      final List<Map<String, float[]>> after = new ArrayList<>();
      Recorder rec = new Recorder() {
        @Override public void onStep(StepReport r) {
          super.onStep(r);
          after.add(weights(real));
        }
      };
      Trainer t = new Trainer(runner, CLASSES, config(0.2, 4).build(), rec);
      t.start(blobs(40, 2, 0));
      TrainingResult r = t.run();
      assertEquals(TrainingResult.Status.COMPLETED, r.status());
      assertEquals(3, r.nonFiniteSteps());
      assertEquals(r.steps() - 3, r.appliedSteps());
      assertEquals(r.appliedSteps(), runner.applyCalls);
      assertEquals(0, runner.nonFiniteApplies);
      assertEquals(0, r.rollbacks());
      for (int step : new int[] {3, 10, 11}) {
        StepReport s = rec.steps.get(step - 1);
        assertFalse(s.applied());
        assertEquals(1, s.nanCount());
        assertEquals(Verdict.Kind.DIVERGED, s.verdict().kind());
        assertTrue(s.verdict().action(), s.verdict().action().contains("skipped"));
        assertTrue("weights unchanged by skipped step " + step,
            sameWeights(after.get(step - 2), after.get(step - 1)));
      }
      assertTrue(rec.steps.get(10).verdict().action().startsWith("2 non-finite steps skipped"));
      assertEquals(0.2, rec.steps.get(1).learningRate(), 1e-9);
      assertEquals(0.1, rec.steps.get(3).learningRate(), 1e-9);
      assertEquals(0.025, rec.steps.get(11).learningRate(), 1e-9);
      assertTrue(allFinite(weights(real)));
      assertTrue(r.validation().accuracy() > 0.9);
    }
  }

  @Test
  public void rollbackRestoresTheExactWeightsAndOptimizerState() {
    try (HostSignatureRunner real = head(8, Optimizer.adam())) {
      Map<String, float[]> initial = weights(real);
      FaultInjectingRunner runner = new FaultInjectingRunner(real, 5, 6, 7);
      final List<Map<String, float[]>> after = new ArrayList<>();
      Recorder rec = new Recorder() {
        @Override public void onStep(StepReport r) {
          super.onStep(r);
          after.add(weights(real));
        }
      };
      TrainerConfig c = config(0.01, 1).optSnapshotEvery(1000).build();
      Trainer t = new Trainer(runner, CLASSES, c, rec);
      t.start(blobs(40, 3, 0));
      TrainingResult r = t.run();
      assertFalse(sameWeights(initial, after.get(3)));
      assertTrue(sameWeights(initial, after.get(6)));
      assertTrue(rec.steps.get(6).verdict().action(),
          rec.steps.get(6).verdict().action().contains("rolled back to the weights of applied step 0"));
      assertEquals(1, r.rollbacks());
      assertEquals(0, runner.nonFiniteApplies);
      assertEquals(TrainingResult.Status.COMPLETED, r.status());
    }
  }

  @Test
  public void earlyStoppingRestoresTheBestWeights() {
    try (HostSignatureRunner runner = head(8, Optimizer.adam())) {
      final List<Map<String, float[]>> best = new ArrayList<>();
      Recorder rec = new Recorder() {
        @Override public void onEpoch(EpochReport r) {
          super.onEpoch(r);
          if (r.improved()) {
            best.add(weights(runner));
          }
        }
      };
      // Validation labels are rotated, so learning the training labels makes validation worse.
      Trainer t = new Trainer(runner, CLASSES, config(0.05, 50).optEarlyStopping(2, 0).build(), rec);
      t.start(blobs(30, 4, 0), blobs(10, 5, 1));
      TrainingResult r = t.run();
      assertEquals(r.toString(), TrainingResult.Status.EARLY_STOPPED, r.status());
      assertTrue(r.epochs() < 50);
      int bestEpoch = 0;
      for (EpochReport e : rec.epochs) {
        if (e.improved()) {
          bestEpoch = e.epoch();
        }
      }
      assertEquals(bestEpoch + 2, r.epochs());
      assertTrue(sameWeights(best.get(best.size() - 1), weights(runner)));
      assertEquals(r.bestValidationLoss(), r.validation().loss(), 1e-6);
    }
  }

  @Test
  public void cancelFromAnotherThreadStopsWithinOneStepAndResumesIdentically() throws Exception {
    Map<String, float[]> reference;
    Dataset data = blobs(30, 6, 0);
    try (HostSignatureRunner runner = head(8, Optimizer.momentum(0.9))) {
      Trainer t = new Trainer(runner, CLASSES, config(0.05, 3).build(), null);
      t.start(data);
      assertEquals(TrainingResult.Status.COMPLETED, t.run().status());
      reference = weights(runner);
    }
    try (HostSignatureRunner runner = head(8, Optimizer.momentum(0.9))) {
      final Trainer[] holder = new Trainer[1];
      Recorder rec = new Recorder() {
        @Override public void onStep(StepReport r) {
          super.onStep(r);
          if (r.step() == 7) {
            Thread other = new Thread(() -> holder[0].cancel());
            other.start();
            try {
              other.join();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          }
        }
      };
      holder[0] = new Trainer(runner, CLASSES, config(0.05, 3).build(), rec);
      holder[0].start(data);
      TrainingResult paused = holder[0].run();
      assertEquals(TrainingResult.Status.CANCELLED, paused.status());
      assertEquals(7, paused.steps());
      assertEquals(rec.finished, paused);
      TrainingResult done = holder[0].run();
      assertEquals(TrainingResult.Status.COMPLETED, done.status());
      assertTrue(sameWeights(reference, weights(runner)));
    }
  }

  @Test
  public void divergesWithAdviceOnlyWhenRecoveryFails() {
    try (HostSignatureRunner real = head(8, Optimizer.sgd())) {
      FaultInjectingRunner runner = new FaultInjectingRunner(real).alwaysNaN();
      TrainerConfig c = config(0.1, 5).optRecovery(0.5, 1e-6, 2, 2).build();
      Recorder rec = new Recorder();
      Trainer t = new Trainer(runner, CLASSES, c, rec);
      t.start(blobs(20, 7, 0));
      TrainingResult r = t.run();
      assertEquals(TrainingResult.Status.DIVERGED, r.status());
      assertEquals(2, r.rollbacks());
      assertEquals(6, r.steps());
      assertEquals(0, runner.applyCalls);
      assertTrue(r.advice(), r.advice().contains("lower the learning rate"));
      assertTrue(rec.steps.get(5).verdict().action().contains("recovery failed"));
      assertEquals(Verdict.Kind.DIVERGED, r.finalVerdict().kind());
      assertTrue(allFinite(weights(real)));
    }
  }

  @Test
  public void hugeLearningRateWithGlobalClippingKeepsWeightsFinite() {
    try (HostSignatureRunner runner = head(8, Optimizer.sgd(), 16)) {
      TrainerConfig c = config(50, 5).optClipping(Clipping.globalNorm(1.0)).build();
      Trainer t = new Trainer(runner, CLASSES, c, null);
      t.start(blobs(40, 8, 0));
      TrainingResult r = t.run();
      assertTrue(r.clippedSteps() > 0);
      assertTrue(allFinite(weights(runner)));
      assertFalse(r.status() == TrainingResult.Status.DIVERGED);
    }
  }

  @Test
  public void badInputIsRejectedClearly() {
    try (HostSignatureRunner runner = head(4, Optimizer.sgd())) {
      Trainer t = new Trainer(runner, CLASSES, config(0.1, 1).build(), null);
      refused("size 5 but the head expects 8", () -> t.start(new Dataset(CLASSES, 5, new float[5],
          new int[] {0})));
      refused("classes without samples: [green, blue]", () -> t.start(blobs(3, 1, 0).subset(
          new int[] {0, 3}), null));
      refused("2 class names", () -> new Trainer(runner, CLASSES.subList(0, 2),
          config(0.1, 1).build(), null));
      refused("'purple' is not a class", () -> t.start(blobs(3, 1, 0), new Dataset(
          java.util.Arrays.asList("purple"), 8, new float[8], new int[] {0})));
      misuse("start(", () -> t.run());
      try (HostSignatureRunner other = head(4, Optimizer.sgd(), 3)) {
        Trainer o = new Trainer(other, CLASSES, config(0.1, 1).build(), null);
        o.start(blobs(4, 1, 0));
        t.start(blobs(4, 1, 0));
        refused("another head shape", () -> t.restore(o.checkpoint()));
      }
    }
  }
}
