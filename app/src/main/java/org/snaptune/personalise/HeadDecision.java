package org.snaptune.personalise;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.snaptune.data.Dataset;
import org.snaptune.prototype.ClassifierChoice;
import org.snaptune.prototype.HeadFitter;
import org.snaptune.prototype.HeldOutRecord;
import org.snaptune.prototype.Personalisation;
import org.snaptune.prototype.RegressionGate;
import org.snaptune.prototype.Selection;
import org.snaptune.prototype.TrainingPlan;
import org.snaptune.prototype.TrustReport;
import org.snaptune.store.HeadStore;

/**
 * What happens after a finished training run: prototypes and the trained head are compared on the
 * same held-out samples (validation set, or cross-validation when every sample trained), the
 * winner must pass the {@link RegressionGate} against the head in use, and then the store is
 * changed so that the camera serves the winner: the trained head is saved with its held-out
 * record, or, when the prototypes won, the stale head is removed (the camera falls back to
 * prototypes whenever no head is saved). The one-line reason is stored beside it. Stateless.
 */
final class HeadDecision {

  /** The outcome for the screen. Immutable. */
  static final class Outcome {
    final String message;
    final TrustReport trust;
    final Selection selection;

    Outcome(String message, TrustReport trust, Selection selection) {
      this.message = message;
      this.trust = trust;
      this.selection = selection;
    }
  }

  private HeadDecision() {}

  /**
   * @param headOnValidation the trained head's probabilities on the plan's validation set, or
   *     null when the plan has none (then {@code fitter} cross-validates)
   * @param trainedModel the trained head as a .tflite file
   * @param proceed asked between and within cross-validation folds (blocks while paused); on a
   *     stop the classifier in use is kept and the message says so
   */
  static Outcome apply(TrainingPlan plan, Dataset data, float[] headOnValidation,
      HeadFitter fitter, byte[] trainedModel, List<String> classes, HeadStore heads,
      BooleanSupplier proceed) throws IOException {
    Selection selection = Personalisation.compare(plan, data, ClassifierChoice.AUTO, fitter,
        headOnValidation, proceed);
    TrustReport trust = Personalisation.trust(data, selection);
    if (selection.stopped()) {
      String message = "Stopped while comparing: kept the classifier in use (" + selection.reason()
          + ").";
      return new Outcome(message, trust, selection);
    }
    HeadStore.Saved previous;
    try {
      previous = heads.read();
    } catch (IOException damaged) {
      // An unreadable head cannot be served anyway: nothing to protect.
      previous = null;
    }
    if (previous != null
        && HeadStore.headDims(previous.head())[0] != data.dimension()) {
      // A head for another backbone's embeddings is never served again: nothing to protect.
      previous = null;
    }
    RegressionGate.Decision gate = previous == null ? null
        : RegressionGate.check(previous.record(), selection.chosenHeldOut());
    String what = selection.chosen() == Selection.Kind.HEAD ? "trained head" : "prototypes";
    String message;
    if (gate != null && !gate.accepted()) {
      message = "Kept the earlier head: the new " + what + " " + gate.reason().replaceFirst(
          "^it ", "") + ".";
    } else if (selection.chosen() == Selection.Kind.HEAD) {
      heads.save(trainedModel, classes, HeldOutRecord.of(selection.head()));
      message = "Using the trained head: " + selection.reason() + ".";
    } else {
      heads.clear();
      message = "Using the prototypes: " + selection.reason() + ".";
    }
    heads.saveDecision(message);
    return new Outcome(message, trust, selection);
  }
}
