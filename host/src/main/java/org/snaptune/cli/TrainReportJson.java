package org.snaptune.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snaptune.health.Verdict;
import org.snaptune.metrics.Evaluation;
import org.snaptune.model.HeadSpec;
import org.snaptune.train.TrainerConfig;
import org.snaptune.train.TrainingResult;

/** The JSON report of {@code train}. Stateless. */
final class TrainReportJson {

  private TrainReportJson() {}

  /**
   * @param r the head's training result, or null when no head was trained (prototypes requested)
   * @param e the kept classifier on EVAL
   * @param classifierFields {@link ClassifierReportJson#fields} output
   */
  static String write(TrainingResult r, Evaluation e, HeadSpec spec, TrainerConfig c,
      String classifierFields) {
    StringBuilder sb = new StringBuilder("{\n");
    field(sb, "eval_accuracy", num(e.accuracy()));
    field(sb, "eval_loss", num(e.loss()));
    field(sb, "eval_top2_accuracy", num(e.topK(Math.min(2, e.classNames().size()))));
    field(sb, "eval_samples", Integer.toString(e.size()));
    sb.append(classifierFields);
    if (r == null) {
      field(sb, "status", str("NOT_TRAINED"));
    } else {
      training(sb, r, spec, c);
    }
    List<String> classes = e.classNames();
    StringBuilder names = new StringBuilder("[");
    StringBuilder per = new StringBuilder("[");
    StringBuilder confusion = new StringBuilder("[");
    double[] acc = e.perClassAccuracy();
    int[][] m = e.confusionMatrix();
    for (int k = 0; k < classes.size(); k++) {
      String sep = k == 0 ? "" : ", ";
      names.append(sep).append(str(classes.get(k)));
      per.append(sep).append(num(acc[k]));
      StringBuilder row = new StringBuilder("[");
      for (int j = 0; j < m[k].length; j++) {
        row.append(j == 0 ? "" : ", ").append(m[k][j]);
      }
      confusion.append(sep).append(row).append(']');
    }
    field(sb, "classes", names + "]");
    field(sb, "per_class_accuracy", per + "]");
    sb.append("  \"confusion_matrix\": ").append(confusion).append("]\n}\n");
    return sb.toString();
  }

  private static void training(StringBuilder sb, TrainingResult r, HeadSpec spec,
      TrainerConfig c) {
    field(sb, "steps", Long.toString(r.steps()));
    field(sb, "applied_steps", Long.toString(r.appliedSteps()));
    field(sb, "epochs", Integer.toString(r.epochs()));
    field(sb, "nonfinite_steps", Integer.toString(r.nonFiniteSteps()));
    field(sb, "clipped_steps", Integer.toString(r.clippedSteps()));
    field(sb, "rollbacks", Integer.toString(r.rollbacks()));
    field(sb, "status", str(r.status().name()));
    field(sb, "final_verdict", str(r.finalVerdict().kind().name()));
    field(sb, "final_verdict_explanation", str(r.finalVerdict().explanation()));
    field(sb, "advice", str(r.advice()));
    field(sb, "failed_reason", r.failedReason().isEmpty() ? "null" : str(r.failedReason()));
    StringBuilder counts = new StringBuilder("{");
    for (Map.Entry<Verdict.Kind, Long> k : r.verdictCounts().entrySet()) {
      counts.append(counts.length() == 1 ? "" : ", ").append(str(k.getKey().name())).append(": ")
          .append(k.getValue());
    }
    field(sb, "verdict_counts", counts.append('}').toString());
    field(sb, "train_seconds", num(r.trainSeconds()));
    field(sb, "validation_accuracy", r.validation() == null ? "null"
        : num(r.validation().accuracy()));
    field(sb, "best_validation_loss", num(r.bestValidationLoss()));
    field(sb, "head", str(spec.toString()));
    field(sb, "config", str(c.toString()));
  }

  private static void field(StringBuilder sb, String name, String value) {
    sb.append("  \"").append(name).append("\": ").append(value).append(",\n");
  }

  /** JSON has no NaN or infinity: those become null. */
  static String num(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "null"
        : String.format(Locale.ROOT, "%.6g", v);
  }

  static String str(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        default:
          if (ch < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
      }
    }
    return sb.append('"').toString();
  }
}
