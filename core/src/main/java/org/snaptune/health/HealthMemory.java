package org.snaptune.health;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link GradientHealthMonitor}'s memory as named number series for a checkpoint, so that a run
 * resumed in another process judges its steps as the uninterrupted run would: without it the
 * early norm level and the rolling medians were re-learnt from the resumed steps, which could
 * miss a growth already under way or flag the resumed steps against a baseline of a different
 * phase. Series, all under {@code health.}:
 * <ul>
 *   <li>{@code health.version} — one value, {@value #VERSION}; another version is ignored
 *       (re-learnt);</li>
 *   <li>{@code health.scalars} — the early level, first loss, lowest median loss, run counters,
 *       epoch memory (best/last validation and training losses, epochs without improvement,
 *       rising epochs) and the epoch verdict's kind, in the order of the {@code S_} indices;</li>
 *   <li>{@code health.early} — the early norms seen so far (at most {@code warmupSteps});</li>
 *   <li>{@code health.norms}, {@code health.losses}, {@code health.clips},
 *       {@code health.unit_clips} — the rolling windows, oldest first.</li>
 * </ul>
 * A checkpoint without these series (format version 1) or with values out of range restores
 * nothing: the monitor re-learns, as before this memory existed. The cached saturation verdict
 * is rebuilt on the next saturated step. Stateless and thread-safe; the monitor it reads or
 * writes belongs to the training thread.
 */
public final class HealthMemory {

  /** Version of the health series' layout. */
  public static final int VERSION = 1;

  private static final String PREFIX = "health.";
  private static final int S_BASE_NORM = 0;
  private static final int S_BASE_LOSS = 1;
  private static final int S_MIN_MEDIAN_LOSS = 2;
  private static final int S_ABOVE = 3;
  private static final int S_BELOW = 4;
  private static final int S_AT_CHANCE = 5;
  private static final int S_DEAD_HIDDEN = 6;
  private static final int S_EXPLODED = 7;
  private static final int S_EPOCH_STEPS = 8;
  private static final int S_EPOCH_CLIPPED = 9;
  private static final int S_BEST_VALIDATION = 10;
  private static final int S_BEST_TRAIN = 11;
  private static final int S_LAST_TRAIN = 12;
  private static final int S_NO_IMPROVEMENT = 13;
  private static final int S_RISING = 14;
  private static final int S_EPOCH_KIND = 15;
  private static final int S_LAST_VALIDATION = 16;
  private static final int SCALARS = 17;
  /** Indices of whole-number counters. */
  private static final int[] COUNTERS = {S_ABOVE, S_BELOW, S_AT_CHANCE, S_DEAD_HIDDEN,
      S_EXPLODED, S_EPOCH_STEPS, S_EPOCH_CLIPPED, S_NO_IMPROVEMENT, S_RISING};

  private HealthMemory() {}

  static Map<String, double[]> save(GradientHealthMonitor m) {
    double[] s = new double[SCALARS];
    s[S_BASE_NORM] = m.baseNorm;
    s[S_BASE_LOSS] = m.baseLoss;
    s[S_MIN_MEDIAN_LOSS] = m.minMedianLoss;
    s[S_ABOVE] = m.above;
    s[S_BELOW] = m.below;
    s[S_AT_CHANCE] = m.atChance;
    s[S_DEAD_HIDDEN] = m.deadHidden;
    s[S_EXPLODED] = m.explodedSteps;
    s[S_EPOCH_STEPS] = m.epochSteps;
    s[S_EPOCH_CLIPPED] = m.epochClipped;
    s[S_BEST_VALIDATION] = m.bestValidation;
    s[S_BEST_TRAIN] = m.bestTrainLoss;
    s[S_LAST_TRAIN] = m.lastTrainLoss;
    s[S_NO_IMPROVEMENT] = m.epochsWithoutImprovement;
    s[S_RISING] = m.risingEpochs;
    s[S_EPOCH_KIND] = m.epochVerdict.kind().ordinal();
    s[S_LAST_VALIDATION] = m.lastValidation;
    Map<String, double[]> out = new LinkedHashMap<>();
    out.put(PREFIX + "version", new double[] {VERSION});
    out.put(PREFIX + "scalars", s);
    out.put(PREFIX + "early", java.util.Arrays.copyOf(m.early, m.earlyCount));
    out.put(PREFIX + "norms", m.norms.values());
    out.put(PREFIX + "losses", m.losses.values());
    out.put(PREFIX + "clips", m.clips.values());
    out.put(PREFIX + "unit_clips", m.unitClips.values());
    return out;
  }

  static boolean restore(GradientHealthMonitor m, Map<String, double[]> series) {
    double[] version = series.get(PREFIX + "version");
    double[] s = series.get(PREFIX + "scalars");
    double[] early = series.get(PREFIX + "early");
    double[] norms = series.get(PREFIX + "norms");
    double[] losses = series.get(PREFIX + "losses");
    double[] clips = series.get(PREFIX + "clips");
    double[] unitClips = series.get(PREFIX + "unit_clips");
    if (version == null || version.length != 1 || version[0] != VERSION || s == null
        || s.length != SCALARS || early == null || early.length > m.early.length
        || norms == null || losses == null || clips == null || unitClips == null
        || !valid(s) || !all(early, 0, Double.MAX_VALUE) || !all(norms, 0, Double.MAX_VALUE)
        || !all(losses, -Double.MAX_VALUE, Double.MAX_VALUE) || !all(clips, 0, 1)
        || !all(unitClips, 0, 1)) {
      return false;
    }
    m.baseNorm = s[S_BASE_NORM];
    m.baseLoss = s[S_BASE_LOSS];
    m.minMedianLoss = s[S_MIN_MEDIAN_LOSS];
    m.above = (int) s[S_ABOVE];
    m.below = (int) s[S_BELOW];
    m.atChance = (int) s[S_AT_CHANCE];
    m.deadHidden = (int) s[S_DEAD_HIDDEN];
    m.explodedSteps = (int) s[S_EXPLODED];
    m.epochSteps = (int) s[S_EPOCH_STEPS];
    m.epochClipped = (int) s[S_EPOCH_CLIPPED];
    m.bestValidation = s[S_BEST_VALIDATION];
    m.bestTrainLoss = s[S_BEST_TRAIN];
    m.lastTrainLoss = s[S_LAST_TRAIN];
    m.epochsWithoutImprovement = (int) s[S_NO_IMPROVEMENT];
    m.risingEpochs = (int) s[S_RISING];
    m.lastValidation = s[S_LAST_VALIDATION];
    System.arraycopy(early, 0, m.early, 0, early.length);
    m.earlyCount = early.length;
    fill(m.norms, norms);
    fill(m.losses, losses);
    fill(m.clips, clips);
    fill(m.unitClips, unitClips);
    m.saturated = null;
    m.epochVerdict = epochVerdict(m, Verdict.Kind.values()[(int) s[S_EPOCH_KIND]]);
    m.current = m.epochVerdict;
    return true;
  }

  /** The epoch verdict as {@link GradientHealthMonitor#onEpoch} built it from the same numbers. */
  private static Verdict epochVerdict(GradientHealthMonitor m, Verdict.Kind kind) {
    switch (kind) {
      case STALLED:
        return Verdicts.stalled(m.epochsWithoutImprovement, m.bestValidation);
      case OVERFITTING:
        return Verdicts.overfitting(m.lastValidation, m.bestValidation, m.lastTrainLoss,
            m.risingEpochs);
      default:
        return Verdict.healthy();
    }
  }

  private static boolean valid(double[] s) {
    for (int i : COUNTERS) {
      if (!(s[i] >= 0 && s[i] <= Integer.MAX_VALUE && s[i] == Math.rint(s[i]))) {
        return false;
      }
    }
    double kind = s[S_EPOCH_KIND];
    boolean epochKind = kind == Verdict.Kind.HEALTHY.ordinal()
        || kind == Verdict.Kind.STALLED.ordinal() || kind == Verdict.Kind.OVERFITTING.ordinal();
    // NaN marks "not seen yet"; -∞ and negative norms cannot come from a monitor.
    return epochKind && (Double.isNaN(s[S_BASE_NORM]) || s[S_BASE_NORM] >= 0)
        && !(s[S_BASE_NORM] == Double.POSITIVE_INFINITY)
        && !Double.isInfinite(s[S_BASE_LOSS])
        && !(s[S_MIN_MEDIAN_LOSS] == Double.NEGATIVE_INFINITY)
        && !(s[S_BEST_VALIDATION] == Double.NEGATIVE_INFINITY);
  }

  /** Every value finite and in [min, max]. */
  private static boolean all(double[] values, double min, double max) {
    for (double v : values) {
      if (!(v >= min && v <= max)) {
        return false;
      }
    }
    return true;
  }

  private static void fill(RollingWindow w, double[] values) {
    w.clear();
    for (double v : values) {
      w.add(v);
    }
  }
}
