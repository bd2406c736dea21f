package org.snaptune.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.snaptune.data.Batch;
import org.snaptune.health.StepReport;
import org.snaptune.health.Verdict;

/**
 * One training step of a {@link Trainer}: gradients, non-finite checks, clipping, apply, health
 * verdict and recovery. Not thread-safe.
 */
final class StepExecutor {

  private static final String CLIPPED = "gradients clipped to the threshold";

  private final Trainer t;

  StepExecutor(Trainer trainer) {
    this.t = trainer;
  }

  void execute(Batch batch) {
    TrainerState s = t.state();
    TrainerConfig config = t.config();
    HeadRunner head = t.head();
    s.steps++;
    StepTimings time = t.timings();
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
    double lr = t.learningRate();
    if (nan + inf > 0) {
      skip(loss, nan, inf, norms, lr);
      return;
    }
    long t2 = System.nanoTime();
    boolean measure = config.weightStatsEvery() > 0 && s.steps % config.weightStatsEvery() == 0;
    boolean snapshot = s.applied - s.lastGoodApplied >= config.snapshotEvery();
    Map<String, float[]> before = null;
    if (measure || snapshot || t.clipper().needsWeights()) {
      before = head.getWeights();
    }
    long t3 = System.nanoTime();
    ClipResult clip = t.clipper().clip(grads, norms, before, head.variableShapes());
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
    Verdict v = t.monitor().onStep(loss, clip.normBefore(), 0, clip.clippedFraction(), ratio,
        norms);
    Recovery recovery = t.recovery();
    String action = recovery.afterStep(v, loss, ratio);
    if (snapshot && isSafe(v) && recovery.last() != StepReport.Recovery.ROLLED_BACK) {
      // These weights gave finite gradients and a step judged safe: a place to roll back to.
      t.setLastGood(before);
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
    boolean agc = t.clipper().needsWeights();
    long clipHealth = (t2 - t1) + (t4 - t3) + (t7 - t6) + (agc ? t3 - t2 : 0);
    time.clipHealthNanos += clipHealth;
    time.sample((t1 - t0) + (t5 - t4), clipHealth);
    time.weightStatsNanos += (t6 - t5) + (measure && !agc ? t3 - t2 : 0);
    publish(report);
    if (recovery.gaveUp()) {
      t.fail(v, String.format(Locale.ROOT, "recovery gave up after %d rollbacks: %s",
          s.rollbacks, v.explanation()));
    }
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

  private void skip(double loss, int nan, int inf, Map<String, Double> norms, double lr) {
    TrainerState s = t.state();
    s.nonFinite++;
    s.epochNonFinite++;
    double norm = Norms.combine(norms);
    Verdict v = t.monitor().onStep(loss, norm, nan + inf);
    Recovery recovery = t.recovery();
    v = v.withAction(recovery.nonFinite());
    publish(new StepReport(s.steps, s.epoch + 1, loss, norm, norm, Double.NaN, false, norms,
        Double.NaN, nan, inf, lr, false, v, s.backoff, recovery.last()));
    if (recovery.gaveUp()) {
      t.diverge(String.format(Locale.ROOT, "loss or gradients stayed non-finite: %d skipped"
          + " steps, %d rollbacks, learning rate backed off to x%.3g", s.nonFinite, s.rollbacks,
          s.backoff));
    }
  }

  private void publish(StepReport report) {
    t.state().verdictSteps[report.verdict().kind().ordinal()]++;
    t.publishVerdict(report.verdict());
    t.listener().onStep(report);
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
