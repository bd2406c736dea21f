package org.snaptune.prototype;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.snaptune.data.Dataset;
import org.snaptune.metrics.Evaluation;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.runtime.SignatureRunner;
import org.snaptune.runtime.SignatureRunnerFactory;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.train.Trainer;
import org.snaptune.train.TrainerConfig;
import org.snaptune.train.TrainingListener;
import org.snaptune.train.TrainingResult;

/**
 * Trains a head by a {@link TrainingPlan} to the end in one call: the CLI's and the benchmarks'
 * run, and every fold of the head's cross-validation. (The app drives its final run step by step
 * for pause and checkpoints, from the same plan.) Immutable and thread-safe; each call opens and
 * closes its own runner.
 */
public final class HeadFitter {

  /** The outcome of one run: the head spec, its trained variables and the trainer's result. */
  public static final class Fitted {
    private final HeadSpec spec;
    private final Map<String, float[]> weights;
    private final TrainingResult result;
    private final float[] testProbabilities;

    Fitted(HeadSpec spec, Map<String, float[]> weights, TrainingResult result, float[] test) {
      this.spec = spec;
      this.weights = weights;
      this.result = result;
      this.testProbabilities = test;
    }

    public HeadSpec spec() { return spec; }
    /** Every variable after training (optimizer state included). */
    public Map<String, float[]> weights() { return weights; }
    public TrainingResult result() { return result; }

    /** The trained head as a .tflite file (its variables initialised to the trained values). */
    public byte[] model() {
      return HeadCompiler.compile(spec.toBuilder().optInitialWeights(weights).build());
    }

    /** Probabilities of the test rows given to {@link #fit}, or null. */
    public float[] testProbabilities() { return testProbabilities; }
  }

  private final SignatureRunnerFactory factory;
  private final int threads;
  private final ConfigTweak tweak;
  private final SpecTweak specTweak;

  /** A fitter that trains exactly by the plan. */
  public HeadFitter(SignatureRunnerFactory factory, int threads) {
    this(factory, threads, null, null);
  }

  /**
   * @param tweak changes to every run's trainer configuration (e.g. a CLI override), applied to
   *     the final run and every cross-validation fold alike; may be null
   * @param specTweak the same for the head spec; may be null
   */
  public HeadFitter(SignatureRunnerFactory factory, int threads, ConfigTweak tweak,
      SpecTweak specTweak) {
    if (factory == null || threads < 1) {
      throw new IllegalArgumentException("a head fitter needs a runner factory and >= 1 thread");
    }
    this.factory = factory;
    this.threads = threads;
    this.tweak = tweak;
    this.specTweak = specTweak;
  }

  /** The head spec of {@code plan} with this fitter's spec tweak. */
  public HeadSpec spec(TrainingPlan plan) {
    HeadSpec.Builder b = plan.headSpec();
    if (specTweak != null) {
      specTweak.apply(b);
    }
    return b.build();
  }

  /** The trainer configuration of {@code plan} with this fitter's tweak. */
  public TrainerConfig config(TrainingPlan plan) {
    TrainerConfig.Builder cb = plan.trainerConfig().optWeightStatsEvery(0);
    if (tweak != null) {
      tweak.apply(cb);
    }
    return cb.build();
  }

  /**
   * Trains by {@code plan} (its validation set, if any, drives early stopping) and predicts
   * {@code test} (may be null) with the final weights.
   */
  public Fitted fit(TrainingPlan plan, Dataset test, TrainingListener listener) {
    return fit(plan, test, listener, () -> true);
  }

  /**
   * As {@link #fit(TrainingPlan, Dataset, TrainingListener)}, asking {@code proceed} before every
   * step (it may block while the run is paused); false cancels the run: its result is then
   * CANCELLED and the weights are those of the steps taken.
   */
  public Fitted fit(TrainingPlan plan, Dataset test, TrainingListener listener,
      BooleanSupplier proceed) {
    HeadSpec spec = spec(plan);
    TrainerConfig config = config(plan);
    try (SignatureRunner runner = factory.open(HeadCompiler.compile(spec), threads)) {
      Trainer trainer = new Trainer(runner, plan.train().classNames(), config, listener);
      trainer.start(plan.train(), plan.validation());
      TrainingResult result = null;
      while (result == null) {
        if (!proceed.getAsBoolean()) {
          trainer.cancel();
          result = trainer.run();
        } else if (!trainer.step()) {
          result = trainer.result();
        }
      }
      float[] probs = test == null ? null : trainer.head().predict(test);
      return new Fitted(spec, trainer.head().getWeights(), result, probs);
    }
  }

  /** Cross-validates the head the settings would train, on the given folds' seed. */
  public HeldOut crossValidate(TrainingSettings settings, Dataset data, int folds, long seed) {
    return crossValidate(settings, data, folds, seed, () -> true);
  }

  /**
   * As {@link #crossValidate(TrainingSettings, Dataset, int, long)}, asking {@code proceed}
   * between folds and before every step of a fold: on false the folds measured so far come back
   * ({@link HeldOut#complete()} false), or null when not one was.
   */
  public HeldOut crossValidate(TrainingSettings settings, Dataset data, int folds, long seed,
      BooleanSupplier proceed) {
    return CrossValidation.run(data, folds, seed, (train, test) -> {
      Fitted f = fit(TrainingPlan.allSamples(settings, train, seed), test, null, proceed);
      return f.result().status() == TrainingResult.Status.CANCELLED ? null
          : f.testProbabilities();
    }, proceed);
  }

  /** Evaluates {@code weights} of {@code spec} on {@code data}. */
  public Evaluation evaluate(HeadSpec spec, Map<String, float[]> weights, Dataset data) {
    try (SignatureRunner runner = factory.open(HeadCompiler.compile(
        spec.toBuilder().optInitialWeights(weights).build()), threads)) {
      return new org.snaptune.train.HeadRunner(runner).evaluate(data);
    }
  }

  /** A change to a trainer configuration builder. */
  public interface ConfigTweak {
    void apply(TrainerConfig.Builder builder);
  }

  /** A change to a head spec builder. */
  public interface SpecTweak {
    void apply(HeadSpec.Builder builder);
  }
}
