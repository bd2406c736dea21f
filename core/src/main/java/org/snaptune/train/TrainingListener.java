package org.snaptune.train;

import org.snaptune.health.EpochReport;
import org.snaptune.health.StepReport;
import org.snaptune.health.Verdict;

/**
 * Receives training progress. Called on the training thread, synchronously, so implementations
 * must be quick (post to a UI thread rather than draw); every argument is immutable and may be
 * kept. All methods default to doing nothing. An exception thrown by a listener stops training and
 * propagates from the trainer.
 */
public interface TrainingListener {

  /** After every step attempt, applied or skipped. */
  default void onStep(StepReport report) {}

  /** After every epoch's validation. */
  default void onEpoch(EpochReport report) {}

  /** When the verdict kind changes. */
  default void onVerdictChange(Verdict previous, Verdict current) {}

  /** Once, when training ends for any reason (finished, stopped, cancelled, diverged). */
  default void onFinished(TrainingResult result) {}

  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};
}
