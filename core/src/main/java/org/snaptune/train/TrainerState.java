package org.snaptune.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.snaptune.health.Verdict;

/** The trainer's counters and factors, as saved in checkpoints. Not thread-safe. */
final class TrainerState {

  int epoch;
  int batchIndex;
  long steps;
  long applied;
  int nonFinite;
  int clipped;
  int rollbacks;
  int consecutiveBad;
  double backoff;
  double plateauScale;
  double bestValidation;
  int epochsWithoutImprovement;
  int plateauEpochs;
  long lastGoodApplied;
  long elapsedNanos;
  double epochLossSum;
  int epochLossCount;
  int epochNonFinite;
  int epochClipped;
  /** Applied steps in a row without trouble, for growing a backed-off learning rate back. */
  int cleanSteps;
  /** Step attempts per verdict kind, by ordinal. */
  final long[] verdictSteps = new long[Verdict.Kind.values().length];

  void reset() {
    cleanSteps = 0;
    java.util.Arrays.fill(verdictSteps, 0);
    epoch = 0;
    batchIndex = 0;
    steps = 0;
    applied = 0;
    nonFinite = 0;
    clipped = 0;
    rollbacks = 0;
    consecutiveBad = 0;
    backoff = 1;
    plateauScale = 1;
    bestValidation = Double.POSITIVE_INFINITY;
    epochsWithoutImprovement = 0;
    plateauEpochs = 0;
    lastGoodApplied = 0;
    elapsedNanos = 0;
    newEpoch();
  }

  void newEpoch() {
    epochLossSum = 0;
    epochLossCount = 0;
    epochNonFinite = 0;
    epochClipped = 0;
  }

  Map<String, Double> toMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("epoch", (double) epoch);
    m.put("batch_index", (double) batchIndex);
    m.put("steps", (double) steps);
    m.put("applied_steps", (double) applied);
    m.put("nonfinite_steps", (double) nonFinite);
    m.put("clipped_steps", (double) clipped);
    m.put("rollbacks", (double) rollbacks);
    m.put("lr_backoff", backoff);
    m.put("plateau_scale", plateauScale);
    m.put("best_validation_loss", bestValidation);
    m.put("epochs_without_improvement", (double) epochsWithoutImprovement);
    m.put("plateau_epochs", (double) plateauEpochs);
    m.put("train_seconds", elapsedNanos / 1e9);
    m.put("clean_steps", (double) cleanSteps);
    for (Verdict.Kind k : Verdict.Kind.values()) {
      m.put(verdictKey(k), (double) verdictSteps[k.ordinal()]);
    }
    return m;
  }

  void fromMap(Map<String, Double> m) {
    reset();
    epoch = (int) get(m, "epoch", 0);
    batchIndex = (int) get(m, "batch_index", 0);
    steps = (long) get(m, "steps", 0);
    applied = (long) get(m, "applied_steps", 0);
    nonFinite = (int) get(m, "nonfinite_steps", 0);
    clipped = (int) get(m, "clipped_steps", 0);
    rollbacks = (int) get(m, "rollbacks", 0);
    backoff = get(m, "lr_backoff", 1);
    plateauScale = get(m, "plateau_scale", 1);
    bestValidation = get(m, "best_validation_loss", Double.POSITIVE_INFINITY);
    epochsWithoutImprovement = (int) get(m, "epochs_without_improvement", 0);
    plateauEpochs = (int) get(m, "plateau_epochs", 0);
    elapsedNanos = (long) (get(m, "train_seconds", 0) * 1e9);
    lastGoodApplied = applied;
    cleanSteps = (int) get(m, "clean_steps", 0);
    for (Verdict.Kind k : Verdict.Kind.values()) {
      verdictSteps[k.ordinal()] = (long) get(m, verdictKey(k), 0);
    }
  }

  private static String verdictKey(Verdict.Kind k) {
    return "verdict_steps_" + k.name().toLowerCase(Locale.ROOT);
  }

  private static double get(Map<String, Double> m, String key, double fallback) {
    Double v = m.get(key);
    return v == null ? fallback : v;
  }
}
