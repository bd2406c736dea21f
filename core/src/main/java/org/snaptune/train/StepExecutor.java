package org.snaptune.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.snaptune.data.Batch;
import org.snaptune.health.GradientHealthMonitor;
import org.snaptune.health.StepReport;
import org.snaptune.health.Verdict;

/**
 * One training step of a {@link Trainer}: gradients, non-finite checks, clipping, apply, health
 * verdict and recovery; the trainer publishes the {@link StepOutcome}. One per training run,
 * built from that run's parts; not thread-safe; owns none of them.
 */
final class StepExecutor {

  private static final String CLIPPED = "gradients clipped to the threshold";

  private final HeadRunner head;
  private final TrainerConfig config;
  private final TrainerState s;
  private final StepTimings time;
  private final GradientClipper clipper;
  private final GradientHealthMonitor monitor;
  private final Recovery recovery;
  private final LastGood lastGood;

  StepExecutor(HeadRunner head, TrainerConfig config, TrainerState state, StepTimings timings,
      GradientClipper clipper, GradientHealthMonitor monitor, Recovery recovery,
      LastGood lastGood) {
    this.head = head;
    this.config = config;
    this.s = state;
    this.time = timings;
    this.clipper = clipper;
    this.monitor = monitor;
    this.recovery = recovery;
    this.lastGood = lastGood;
  }

  /** Runs one step on {@code batch} at learning rate {@code lr}. */
  StepOutcome execute(Batch batch, double lr) {
    s.steps++;
    long t0 = System.nanoTime();
    Map<String, float[]> grads = head.gradients(batch.x(), batch.y(), batch.w());
    long t1 = System.nanoTime();
    time.steps++;
    time.runtimeNanos += t1 - t0;
    float[] lossArray = grads.remove("loss");
    double loss = lossArray[0];
    int nan = Norms.countNaN(lossArray);
    int inf = Norms.countInf(lossArray);
    Map<String, Double> norms = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : grads.entrySet()) {
      float[] g = e.getValue();
      double sumSquares = Norms.sumSquares(g);
      // A double sum of float squares is NaN/∞ only if an element is: count only then (one pass).
      if (Double.isNaN(sumSquares) || Double.isInfinite(sumSquares)) {
        nan += Norms.countNaN(g);
        inf += Norms.countInf(g);
      }
      norms.put(e.getKey(), Math.sqrt(sumSquares));
    }
    if (nan + inf > 0) {
      return skip(loss, nan, inf, norms, lr);
    }
    long t2 = System.nanoTime();
    boolean measure = config.weightStatsEvery() > 0 && s.steps % config.weightStatsEvery() == 0;
    boolean snapshot = s.applied - s.lastGoodApplied >= config.snapshotEvery();
    Map<String, float[]> before = null;
    if (measure || snapshot) {
      before = head.getWeights();
    } else if (clipper.needsWeights()) {
      // AGC reads the weights on every step: the trainables alone, not the optimizer slots.
      before = head.getTrainableWeights();
    }
    long t3 = System.nanoTime();
    ClipResult clip = clipper.clip(grads, norms, before, head.variableShapes());
    long t4 = System.nanoTime();
    head.apply(grads, lr);
    long t5 = System.nanoTime();
    s.applied++;
    s.consecutiveBad = 0;
    if (clip.clipped()) {
      s.clipped++;
      s.epochClipped++;
    }
    double ratio = Double.NaN;
    if (measure) {
      ratio = updateRatio(before, head.getWeights(), head);
    }
    long t6 = System.nanoTime();
    s.epochLossSum += loss;
    s.epochLossCount++;
    Verdict v = monitor.onStep(loss, clip.normBefore(), 0, clip.clippedFraction(), ratio,
        norms);
    String action = recovery.afterStep(v, loss, ratio);
    if (snapshot && isSafe(v) && recovery.last() != StepReport.Recovery.ROLLED_BACK) {
      // These weights gave finite gradients and a step judged safe: a place to roll back to.
      lastGood.update(before);
    }
    if (!"none".equals(action)) {
      v = v.withAction(clip.clipped() ? CLIPPED + "; " + action : action);
    } else if (clip.clipped()) {
      // Constant text: String.format on every step costs more than the clipping itself, and the
      // report carries both norms.
      v = v.withAction(CLIPPED);
    }
    StepReport report = new StepReport(s.steps, s.epoch + 1, loss, clip.normBefore(),
        clip.normAfter(), clip.threshold(), clip.clipped(), norms, ratio, 0, 0, lr, true, v,
        s.backoff, recovery.last());
    long t7 = System.nanoTime();
    time.runtimeNanos += t5 - t4;
    // Getting weights for AGC is clipping work; for the ratio or a snapshot it is not.
    boolean agc = clipper.needsWeights();
    long clipHealth = (t2 - t1) + (t4 - t3) + (t7 - t6) + (agc ? t3 - t2 : 0);
    time.clipHealthNanos += clipHealth;
    time.sample((t1 - t0) + (t5 - t4), clipHealth);
    time.weightStatsNanos += (t6 - t5) + (measure && !agc ? t3 - t2 : 0);
    if (recovery.gaveUp()) {
      return StepOutcome.end(report, StepOutcome.End.FAILED, String.format(Locale.ROOT,
          "recovery gave up after %d rollbacks: %s", s.rollbacks, v.explanation()));
    }
    return StepOutcome.goOn(report);
  }

  private static boolean isSafe(Verdict v) {
    switch (v.kind()) {
      case EXPLODING:
      case COLLAPSED:
      case DIVERGED:
        return false;
      default:
        return true;
    }
  }

  private StepOutcome skip(double loss, int nan, int inf, Map<String, Double> norms,
      double lr) {
    s.nonFinite++;
    s.epochNonFinite++;
    double norm = Norms.combine(norms);
    Verdict v = monitor.onStep(loss, norm, nan + inf);
    v = v.withAction(recovery.nonFinite());
    StepReport report = new StepReport(s.steps, s.epoch + 1, loss, norm, norm, Double.NaN,
        false, norms, Double.NaN, nan, inf, lr, false, v, s.backoff, recovery.last());
    if (recovery.gaveUp()) {
      return StepOutcome.end(report, StepOutcome.End.DIVERGED, String.format(Locale.ROOT,
          "loss or gradients stayed non-finite: %d skipped steps, %d rollbacks, learning rate"
          + " backed off to x%.3g", s.nonFinite, s.rollbacks, s.backoff));
    }
    return StepOutcome.goOn(report);
  }

  /** ‖after − before‖ / ‖before‖ over the trainable variables. */
  private static double updateRatio(Map<String, float[]> before, Map<String, float[]> after,
      HeadRunner head) {
    double diff = 0;
    double base = 0;
    for (String name : head.trainableVariables()) {
      float[] b = before.get(name);
      float[] a = after.get(name);
      for (int i = 0; i < b.length; i++) {
        double d = (double) a[i] - b[i];
        diff += d * d;
        base += (double) b[i] * b[i];
      }
    }
    return base == 0 ? Double.POSITIVE_INFINITY : Math.sqrt(diff / base);
  }
}
