package org.snaptune.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.snaptune.chart.TrainingCharts;

/** The training screen's recovery line: what recovery did so far, in numbers. Stateless. */
final class RecoveryLine {

  private RecoveryLine() {}

  /** Empty when recovery never acted. */
  static String of(TrainingCharts.Snapshot s) {
    List<String> parts = new ArrayList<>();
    if (s.nonFiniteSteps > 0) {
      parts.add(String.format(Locale.ROOT, "%d non-finite step%s skipped, never applied",
          s.nonFiniteSteps, s.nonFiniteSteps == 1 ? "" : "s"));
    }
    if (s.backOffs > 0) {
      parts.add(String.format(Locale.ROOT, "learning rate backed off %d time%s%s, now x%.3g of"
          + " the configured rate", s.backOffs, s.backOffs == 1 ? "" : "s",
          s.growths == 0 ? "" : String.format(Locale.ROOT, ", grown back %d time%s", s.growths,
              s.growths == 1 ? "" : "s"), s.lrScale));
    }
    if (s.rollbacks > 0) {
      parts.add(String.format(Locale.ROOT, "weights rolled back to the last good checkpoint %d"
          + " time%s", s.rollbacks, s.rollbacks == 1 ? "" : "s"));
    }
    return String.join("; ", parts);
  }
}
