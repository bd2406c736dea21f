package org.snaptune.session;

import java.util.List;
import java.util.Locale;
import org.snaptune.train.TrainingResult;

/**
 * The one-line, human-readable texts a resumable run reports: how it resumed, and how it ended.
 * Kept here so that the app, the CLI and tests word a run's end the same way. English only; a
 * screen decides its state from the run's typed state, never from these strings. Stateless.
 */
public final class RunMessages {

  private RunMessages() {}

  /** Appended to "Training" when a checkpoint could not be read. */
  static String checkpointUnreadable(List<String> problems) {
    return " (saved checkpoint unreadable: " + String.join("; ", problems) + "; started afresh)";
  }

  /** Appended to "Training" when a checkpoint belongs to another head or class list. */
  static String checkpointIncompatible(String reason) {
    return " (saved checkpoint ignored: " + reason + "; started afresh)";
  }

  /** Appended to "Training" when a checkpoint's fingerprint differs from this run's. */
  static String checkpointOfOtherRun() {
    return " (saved checkpoint ignored: it is from a run with other settings or samples;"
        + " started afresh)";
  }

  /** Appended to "Training" when the run continues from a checkpoint. */
  static String resumed(int epoch, long step, boolean usedPrevious, List<String> problems) {
    return String.format(Locale.ROOT, " (resumed after epoch %d, step %d%s)", epoch, step,
        usedPrevious ? ", from the previous checkpoint: " + String.join("; ", problems) : "");
  }

  /** The status while the run goes on but its last checkpoint could not be written. */
  public static String checkpointNotSaved(String reason) {
    return "Training (checkpoint not saved: " + reason + ")";
  }

  /** The end of a run the user (or the system) stopped. */
  public static String stopped(int epochs, boolean saved) {
    return saved
        ? "Stopped after " + epochs + " epochs; the head so far is saved and in use."
        : "Stopped before the first epoch ended; nothing saved.";
  }

  /** The end of a run that diverged. */
  public static String diverged(TrainingResult r) {
    return "Training diverged: " + r.advice() + " The classifier in use is unchanged.";
  }

  /** The end of a run that failed (collapsed, gave up recovering). */
  public static String failed(TrainingResult r) {
    return "Training failed: " + r.failedReason() + ". What to change: " + r.advice()
        + " The classifier in use is unchanged.";
  }

  /** The end of a run that failed before or outside training (I/O, bad samples). */
  public static String failed(Exception e) {
    return "Training failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
  }

  /** The status while a finished head is being compared with the prototypes. */
  public static String comparing(boolean hasValidation) {
    return hasValidation ? "Comparing the trained head with the prototypes…"
        : "Measuring accuracy by cross-validation…";
  }

  /** The end of a run that trained a usable head; {@code decision} says which head is in use. */
  public static String done(TrainingResult r, String decision) {
    return String.format(Locale.ROOT, "%s after %d steps%s. %s",
        r.status() == TrainingResult.Status.EARLY_STOPPED ? "Stopped early" : "Done",
        r.steps(), recovery(r), decision);
  }

  /** "; recovered from 3 non-finite steps (…)" when the run had to recover, else "". */
  public static String recovery(TrainingResult r) {
    if (r.nonFiniteSteps() == 0) {
      // Finite trouble (an explosion or collapse) recovers by rolling back, too.
      return r.rollbacks() == 0 ? "" : String.format(Locale.ROOT, "; recovered from exploding"
          + " steps (learning rate backed off, %d rollback%s)", r.rollbacks(),
          r.rollbacks() == 1 ? "" : "s");
    }
    return String.format(Locale.ROOT, "; recovered from %d non-finite step%s (skipped, learning"
        + " rate backed off%s)", r.nonFiniteSteps(), r.nonFiniteSteps() == 1 ? "" : "s",
        r.rollbacks() > 0 ? ", " + r.rollbacks() + " rollback" + (r.rollbacks() == 1 ? "" : "s")
            : "");
  }
}
