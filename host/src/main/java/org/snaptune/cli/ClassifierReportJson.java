package org.snaptune.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Locale;
import org.snaptune.metrics.Evaluation;
import org.snaptune.prototype.ClassifierChoice;
import org.snaptune.prototype.HeldOut;
import org.snaptune.prototype.Selection;
import org.snaptune.prototype.TrainingPlan;
import org.snaptune.prototype.TrustReport;

/**
 * The classifier-choice part of {@code train}'s JSON report: which classifier was kept and why,
 * both classifiers' held-out and EVAL accuracies, how the samples were used, and the trust
 * report (per-class accuracy, confusion, ECE, hints), as members {@link TrainReportJson} adds to
 * the report. Stateless.
 */
final class ClassifierReportJson {

  private ClassifierReportJson() {}

  static JsonObject fields(ClassifierChoice requested, Selection s, TrustReport t,
      TrainingPlan plan, Evaluation headEval, Evaluation prototypeEval) {
    JsonObject o = new JsonObject();
    o.addProperty("classifier_requested", requested.name().toLowerCase(Locale.ROOT));
    o.addProperty("classifier", s.chosen() == Selection.Kind.HEAD ? "head" : "prototype");
    o.addProperty("classifier_reason", s.reason());
    o.addProperty("sample_use", plan.describe());
    o.add("heldout_method", s.chosenHeldOut() == null ? JsonNull.INSTANCE
        : new JsonPrimitive(s.chosenHeldOut().method()));
    o.add("prototype_heldout_accuracy", acc(s.prototypes()));
    o.add("head_heldout_accuracy", acc(s.head()));
    o.add("prototype_eval_accuracy", TrainReportJson.num(prototypeEval.accuracy()));
    o.add("head_eval_accuracy", headEval == null ? JsonNull.INSTANCE
        : TrainReportJson.num(headEval.accuracy()));
    JsonObject trust = new JsonObject();
    trust.addProperty("measured", t.measured());
    trust.addProperty("summary", t.summary());
    trust.add("heldout_accuracy", TrainReportJson.num(t.accuracy()));
    trust.add("expected_calibration_error", TrainReportJson.num(t.expectedCalibrationError()));
    trust.add("sample_counts", TrainReportJson.ints(t.sampleCounts()));
    trust.add("per_class_accuracy", TrainReportJson.nums(t.perClassAccuracy()));
    trust.add("confusion_matrix", TrainReportJson.ints(t.confusion()));
    trust.addProperty("misclassified", t.mistakes().size());
    JsonArray hints = new JsonArray();
    for (String hint : t.hints()) {
      hints.add(hint);
    }
    trust.add("hints", hints);
    o.add("trust", trust);
    return o;
  }

  private static JsonElement acc(HeldOut h) {
    return h == null ? JsonNull.INSTANCE : TrainReportJson.num(h.accuracy());
  }
}
