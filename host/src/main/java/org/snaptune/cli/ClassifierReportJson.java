package org.snaptune.cli;

import java.util.List;
import org.snaptune.metrics.Evaluation;
import org.snaptune.prototype.ClassifierChoice;
import org.snaptune.prototype.HeldOut;
import org.snaptune.prototype.Selection;
import org.snaptune.prototype.TrustReport;
import org.snaptune.prototype.TrainingPlan;

/**
 * The classifier-choice part of {@code train}'s JSON report: which classifier was kept and why,
 * both classifiers' held-out and EVAL accuracies, how the samples were used, and the trust
 * report (per-class accuracy, confusion, ECE, hints). Rendered as JSON object members without
 * braces, each line ending in a comma. Stateless.
 */
final class ClassifierReportJson {

  private ClassifierReportJson() {}

  static String fields(ClassifierChoice requested, Selection s, TrustReport t, TrainingPlan plan,
      Evaluation headEval, Evaluation prototypeEval) {
    StringBuilder sb = new StringBuilder();
    field(sb, "classifier_requested", TrainReportJson.str(requested.name().toLowerCase()));
    field(sb, "classifier", TrainReportJson.str(s.chosen() == Selection.Kind.HEAD ? "head"
        : "prototype"));
    field(sb, "classifier_reason", TrainReportJson.str(s.reason()));
    field(sb, "sample_use", TrainReportJson.str(plan.describe()));
    field(sb, "heldout_method", s.chosenHeldOut() == null ? "null"
        : TrainReportJson.str(s.chosenHeldOut().method()));
    field(sb, "prototype_heldout_accuracy", acc(s.prototypes()));
    field(sb, "head_heldout_accuracy", acc(s.head()));
    field(sb, "prototype_eval_accuracy", TrainReportJson.num(prototypeEval.accuracy()));
    field(sb, "head_eval_accuracy", headEval == null ? "null"
        : TrainReportJson.num(headEval.accuracy()));
    StringBuilder trust = new StringBuilder("{\n");
    inner(trust, "measured", Boolean.toString(t.measured()));
    inner(trust, "summary", TrainReportJson.str(t.summary()));
    inner(trust, "heldout_accuracy", TrainReportJson.num(t.accuracy()));
    inner(trust, "expected_calibration_error",
        TrainReportJson.num(t.expectedCalibrationError()));
    inner(trust, "sample_counts", ints(t.sampleCounts()));
    double[] per = t.perClassAccuracy();
    StringBuilder perJson = new StringBuilder("[");
    for (int k = 0; per != null && k < per.length; k++) {
      perJson.append(k == 0 ? "" : ", ").append(TrainReportJson.num(per[k]));
    }
    inner(trust, "per_class_accuracy", per == null ? "null" : perJson + "]");
    int[][] m = t.confusion();
    StringBuilder mj = new StringBuilder("[");
    for (int k = 0; m != null && k < m.length; k++) {
      mj.append(k == 0 ? "" : ", ").append(ints(m[k]));
    }
    inner(trust, "confusion_matrix", m == null ? "null" : mj + "]");
    inner(trust, "misclassified", Integer.toString(t.mistakes().size()));
    List<String> hints = t.hints();
    StringBuilder hj = new StringBuilder("[");
    for (int i = 0; i < hints.size(); i++) {
      hj.append(i == 0 ? "" : ", ").append(TrainReportJson.str(hints.get(i)));
    }
    trust.append("    \"hints\": ").append(hj).append("]\n  }");
    field(sb, "trust", trust.toString());
    return sb.toString();
  }

  private static String acc(HeldOut h) {
    return h == null ? "null" : TrainReportJson.num(h.accuracy());
  }

  private static String ints(int[] v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(v[i]);
    }
    return sb.append(']').toString();
  }

  private static void inner(StringBuilder sb, String name, String value) {
    sb.append("    \"").append(name).append("\": ").append(value).append(",\n");
  }

  private static void field(StringBuilder sb, String name, String value) {
    sb.append("  \"").append(name).append("\": ").append(value).append(",\n");
  }
}
