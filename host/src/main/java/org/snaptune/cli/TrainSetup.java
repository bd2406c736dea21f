package org.snaptune.cli;

import java.util.Locale;
import org.snaptune.data.Dataset;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.model.Optimizer;
import org.snaptune.prototype.ClassifierChoice;
import org.snaptune.prototype.HeadFitter;
import org.snaptune.settings.Setting;
import org.snaptune.prototype.TrainingPlan;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.train.Clipping;

/**
 * {@code train}'s options on top of the app's defaults: every value not given on the command line
 * comes from {@link TrainingSettings#defaults()} and {@link TrainingPlan} (the one source the app
 * and the benchmarks use); flags the settings cannot express (a clip ε, several hidden layers,
 * L2, class balancing, a fixed epoch count) become tweaks applied to the final run and every
 * cross-validation fold alike. Immutable.
 */
final class TrainSetup {

  static final String[] OPTIONS = {"hidden", "optimizer", "lr", "batch", "epochs", "steps",
      "clip", "schedule", "early-stopping", "l2", "validation", "seed", "classifier", "recovery"};

  final TrainingSettings settings;
  final TrainingPlan plan;
  final ClassifierChoice choice;
  final HeadFitter fitter;
  final long seed;

  private TrainSetup(TrainingSettings settings, TrainingPlan plan, ClassifierChoice choice,
      HeadFitter fitter, long seed) {
    this.settings = settings;
    this.plan = plan;
    this.choice = choice;
    this.fitter = fitter;
    this.seed = seed;
  }

  /** @throws IllegalArgumentException naming a bad option and what is valid */
  static TrainSetup of(CliArgs a, Dataset train) {
    long seed = a.longValue("seed", 0);
    TrainingSettings s = TrainingSettings.defaults();
    if (a.has("lr")) {
      s = s.with(Setting.LEARNING_RATE, a.required("lr"));
    }
    if (a.has("batch")) {
      s = s.with(Setting.BATCH_SIZE, a.required("batch"));
    }
    if (a.has("steps")) {
      s = s.with(Setting.STEPS, a.required("steps"));
    }
    if (a.has("optimizer")) {
      s = s.with(Setting.OPTIMIZER, Optimizer.parse(a.required("optimizer")).kind().name());
    }
    if (a.has("schedule")) {
      String name = a.required("schedule").toLowerCase(Locale.ROOT);
      s = s.with(Setting.SCHEDULE, name.equals("plateau") ? "REDUCE_ON_PLATEAU" : name);
    }
    if (a.has("early-stopping")) {
      int patience = a.intValue("early-stopping", 0);
      s = patience > 0 ? s.toBuilder().optEarlyStopping(true).optPatience(patience).build()
          : s.toBuilder().optEarlyStopping(false).build();
    }
    int[] hidden = a.intList("hidden");
    if (hidden.length > 0) {
      s = s.toBuilder().optHiddenSize(hidden[0]).build();
    }
    final Clipping clip = a.has("clip") ? Clipping.parse(a.required("clip")) : null;
    final int epochs = a.has("epochs") ? a.intValue("epochs", 1) : -1;
    final boolean balanced = a.flag("balanced");
    final boolean recovery = onOff(a.optional("recovery", "on"));
    final double l2 = a.doubleValue("l2", Double.NaN);
    HeadFitter.ConfigTweak configTweak = c -> {
      if (clip != null) {
        c.optClipping(clip);
      }
      if (epochs > 0) {
        c.setEpochs(epochs).optMaxSteps(Long.MAX_VALUE);
      }
      if (balanced) {
        c.optClassBalanced(true); // the defaults' own weighting otherwise
      }
      c.optFiniteRecovery(recovery);
    };
    HeadFitter.SpecTweak specTweak = b -> {
      if (hidden.length > 1) {
        b.optHiddenLayers(hidden);
      }
      if (!Double.isNaN(l2)) {
        b.optL2(l2);
      }
    };
    TrainingPlan plan;
    if (a.has("validation")) {
      plan = TrainingPlan.withFraction(s, train, a.doubleValue("validation", 0), seed);
    } else {
      plan = TrainingPlan.of(s, train, seed);
    }
    ClassifierChoice choice = ClassifierChoice.parse(a.optional("classifier", "auto"));
    return new TrainSetup(s, plan, choice,
        new HeadFitter(HostSignatureRunner::open, 1, configTweak, specTweak), seed);
  }

  private static boolean onOff(String v) {
    if (v.equalsIgnoreCase("on") || v.equalsIgnoreCase("off")) {
      return v.equalsIgnoreCase("on");
    }
    throw new IllegalArgumentException("unknown --recovery '" + v + "'; valid: on, off");
  }
}
