package org.snaptune.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snaptune.health.Verdict;
import org.snaptune.io.JsonText;
import org.snaptune.metrics.Evaluation;
import org.snaptune.model.HeadSpec;
import org.snaptune.train.TrainerConfig;
import org.snaptune.train.TrainingResult;

/** The JSON report of {@code train} ({@link JsonText} layout: one field per line). Stateless. */
final class TrainReportJson {

  private TrainReportJson() {}

  /**
   * @param r the head's training result, or null when no head was trained (prototypes requested)
   * @param e the kept classifier on EVAL
   * @param classifierFields {@link ClassifierReportJson#fields} output, placed after the EVAL
   *     numbers
   */
  static String write(TrainingResult r, Evaluation e, HeadSpec spec, TrainerConfig c,
      JsonObject classifierFields) {
    JsonObject o = new JsonObject();
    o.add("eval_accuracy", num(e.accuracy()));
    o.add("eval_loss", num(e.loss()));
    o.add("eval_top2_accuracy", num(e.topK(Math.min(2, e.classNames().size()))));
    o.addProperty("eval_samples", e.size());
    for (Map.Entry<String, JsonElement> f : classifierFields.entrySet()) {
      o.add(f.getKey(), f.getValue());
    }
    if (r == null) {
      o.addProperty("status", "NOT_TRAINED");
    } else {
      training(o, r, spec, c);
    }
    List<String> classes = e.classNames();
    JsonArray names = new JsonArray();
    for (String name : classes) {
      names.add(name);
    }
    o.add("classes", names);
    o.add("per_class_accuracy", nums(e.perClassAccuracy()));
    o.add("confusion_matrix", ints(e.confusionMatrix()));
    return JsonText.write(o);
  }

  private static void training(JsonObject o, TrainingResult r, HeadSpec spec, TrainerConfig c) {
    o.addProperty("steps", r.steps());
    o.addProperty("applied_steps", r.appliedSteps());
    o.addProperty("epochs", r.epochs());
    o.addProperty("nonfinite_steps", r.nonFiniteSteps());
    o.addProperty("clipped_steps", r.clippedSteps());
    o.addProperty("rollbacks", r.rollbacks());
    o.addProperty("status", r.status().name());
    o.addProperty("final_verdict", r.finalVerdict().kind().name());
    o.addProperty("final_verdict_explanation", r.finalVerdict().explanation());
    o.addProperty("advice", r.advice());
    o.add("failed_reason", r.failedReason().isEmpty() ? JsonNull.INSTANCE
        : new JsonPrimitive(r.failedReason()));
    JsonObject counts = new JsonObject();
    for (Map.Entry<Verdict.Kind, Long> k : r.verdictCounts().entrySet()) {
      counts.addProperty(k.getKey().name(), k.getValue());
    }
    o.add("verdict_counts", counts);
    o.add("train_seconds", num(r.trainSeconds()));
    o.add("validation_accuracy", r.validation() == null ? JsonNull.INSTANCE
        : num(r.validation().accuracy()));
    o.add("best_validation_loss", num(r.bestValidationLoss()));
    o.addProperty("head", spec.toString());
    o.addProperty("config", c.toString());
  }

  /** Six significant digits; JSON has no NaN or infinity, so those become null. */
  static JsonElement num(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? JsonNull.INSTANCE
        : new JsonPrimitive(new BigDecimal(String.format(Locale.ROOT, "%.6g", v)));
  }

  /** {@link #num} of each value, or null for a missing array. */
  static JsonElement nums(double[] values) {
    if (values == null) {
      return JsonNull.INSTANCE;
    }
    JsonArray a = new JsonArray();
    for (double v : values) {
      a.add(num(v));
    }
    return a;
  }

  static JsonElement ints(int[] values) {
    JsonArray a = new JsonArray();
    for (int v : values) {
      a.add(v);
    }
    return a;
  }

  /** A matrix as an array of rows, or null for a missing one. */
  static JsonElement ints(int[][] rows) {
    if (rows == null) {
      return JsonNull.INSTANCE;
    }
    JsonArray a = new JsonArray();
    for (int[] row : rows) {
      a.add(ints(row));
    }
    return a;
  }
}
