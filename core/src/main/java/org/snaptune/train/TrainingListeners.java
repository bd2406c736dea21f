package org.snaptune.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.snaptune.health.EpochReport;
import org.snaptune.health.StepReport;
import org.snaptune.health.Verdict;

/**
 * Several {@link TrainingListener}s as one, in the manner of DJL's training listeners: every
 * event goes to each listener in the order given, so a screen's charts, a flight recorder and a
 * progress line can all follow one run without a relay. An exception from one listener stops the
 * event there and propagates (training stops, as {@link TrainingListener} says). Immutable; as
 * thread-safe as the listeners it holds. Does not own them.
 */
public final class TrainingListeners implements TrainingListener {

  private final TrainingListener[] listeners;

  private TrainingListeners(List<TrainingListener> listeners) {
    this.listeners = listeners.toArray(new TrainingListener[0]);
  }

  /** The listeners in order; nulls are skipped, and none gives {@link TrainingListener#NONE}. */
  public static TrainingListener of(TrainingListener... listeners) {
    return of(listeners == null ? Collections.<TrainingListener>emptyList()
        : Arrays.asList(listeners));
  }

  /** As {@link #of(TrainingListener...)}, from a list. */
  public static TrainingListener of(List<? extends TrainingListener> listeners) {
    List<TrainingListener> kept = new ArrayList<>();
    if (listeners != null) {
      for (TrainingListener l : listeners) {
        if (l != null) {
          kept.add(l);
        }
      }
    }
    if (kept.isEmpty()) {
      return TrainingListener.NONE;
    }
    return kept.size() == 1 ? kept.get(0) : new TrainingListeners(kept);
  }

  @Override
  public void onStep(StepReport report) {
    for (TrainingListener l : listeners) {
      l.onStep(report);
    }
  }

  @Override
  public void onEpoch(EpochReport report) {
    for (TrainingListener l : listeners) {
      l.onEpoch(report);
    }
  }

  @Override
  public void onVerdictChange(Verdict previous, Verdict current) {
    for (TrainingListener l : listeners) {
      l.onVerdictChange(previous, current);
    }
  }

  @Override
  public void onFinished(TrainingResult result) {
    for (TrainingListener l : listeners) {
      l.onFinished(result);
    }
  }
}
