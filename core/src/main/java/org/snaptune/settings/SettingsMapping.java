package org.snaptune.settings;

import org.snaptune.model.HeadSpec;
import org.snaptune.model.Optimizer;
import org.snaptune.train.Clipping;
import org.snaptune.train.LearningRateSchedule;
import org.snaptune.train.TrainerConfig;

/**
 * Turns the user's {@link TrainingSettings} into the trainer's and the head compiler's own
 * configuration. The settings screen speaks the user's language (a mode and one threshold); this
 * class fixes the secondary parameters the screen does not expose. Stateless and thread-safe.
 */
public final class SettingsMapping {

  /** AGC ε: the floor of a unit's weight norm, Brock et al.'s default. */
  static final double AGC_EPSILON = 1e-3;
  /** Momentum coefficient for {@link OptimizerChoice#MOMENTUM}. */
  static final double MOMENTUM = 0.9;
  /** Lowest rate a schedule may reach, as a fraction of the base rate. */
  static final double MIN_LR_FRACTION = 0.01;
  /** Reduce-on-plateau multiplies the rate by this when validation loss stalls. */
  static final double PLATEAU_FACTOR = 0.5;
  /** Smallest validation-loss improvement that resets early-stopping patience. */
  static final double EARLY_STOPPING_MIN_DELTA = 1e-4;
  /**
   * L2 coefficient of the head's loss (l2·ΣW²): a light pull towards small weights so that a
   * handful of separable samples cannot drive the logits to infinity; the same λ/2 = 5e-4 as the
   * benchmark's L-BFGS reference (λ = 1e-3).
   */
  public static final double L2 = 5e-4;

  /** Share of each class held out for validation once every class has enough samples. */
  public static final double HOLDOUT_FRACTION = 0.2;

  private SettingsMapping() {}

  /** The clipping strategy of {@code s}. */
  public static Clipping clipping(TrainingSettings s) {
    double t = s.clippingThreshold();
    switch (s.clippingMode()) {
      case OFF: return Clipping.off();
      case VALUE: return Clipping.byValue(t);
      case PER_TENSOR_NORM: return Clipping.perTensorNorm(t);
      case GLOBAL_NORM: return Clipping.globalNorm(t);
      case ADAPTIVE: return Clipping.adaptive(t, AGC_EPSILON);
      case AUTO_PERCENTILE: return Clipping.autoPercentile(t);
      default: throw new IllegalArgumentException("unknown clipping mode " + s.clippingMode());
    }
  }

  /** The learning-rate schedule of {@code s}. */
  public static LearningRateSchedule schedule(TrainingSettings s) {
    switch (s.schedule()) {
      case CONSTANT: return LearningRateSchedule.constant();
      case COSINE: return LearningRateSchedule.cosine(MIN_LR_FRACTION);
      case REDUCE_ON_PLATEAU:
        return LearningRateSchedule.reduceOnPlateau(PLATEAU_FACTOR, s.patience(), MIN_LR_FRACTION);
      default: throw new IllegalArgumentException("unknown schedule " + s.schedule());
    }
  }

  /** The head model's optimizer for {@code s}. */
  public static Optimizer optimizer(TrainingSettings s) {
    switch (s.optimizer()) {
      case SGD: return Optimizer.sgd();
      case MOMENTUM: return Optimizer.momentum(MOMENTUM);
      case ADAM: return Optimizer.adam();
      default: throw new IllegalArgumentException("unknown optimizer " + s.optimizer());
    }
  }

  /**
   * A trainer configuration builder preset from {@code s} for a training set of
   * {@code batchesPerEpoch} batches: the rate, the step budget (as many epochs as the budget needs,
   * then the step limit), clipping and schedule; early stopping and restoring the best weights
   * only when {@code withValidation} (without a real validation set there is nothing to stop on).
   * The caller may add a seed before {@code build()}. The training plan ({@code prototype.TrainingPlan}) calls this.
   */
  public static TrainerConfig.Builder trainerConfig(TrainingSettings s, int batchesPerEpoch,
      boolean withValidation) {
    if (batchesPerEpoch < 1) {
      throw new IllegalArgumentException("batches per epoch must be >= 1, got " + batchesPerEpoch);
    }
    int epochs = (s.steps() + batchesPerEpoch - 1) / batchesPerEpoch;
    boolean stop = withValidation && s.earlyStopping();
    return TrainerConfig.builder()
        .setLearningRate(s.learningRate())
        .setEpochs(epochs)
        .optMaxSteps(s.steps())
        .optClipping(clipping(s))
        .optSchedule(schedule(s))
        .optValidationFraction(withValidation ? HOLDOUT_FRACTION : 0)
        // Users collect unevenly (and a cross-validation fold holds out samples of some classes
        // only): without balancing, a class with fewer samples gets a lower prior. On balanced
        // samples the weights are all 1, so this changes nothing there.
        .optClassBalanced(true)
        .optEarlyStopping(stop ? s.patience() : 0, EARLY_STOPPING_MIN_DELTA)
        .optRestoreBestWeights(stop);
  }

  /**
   * A head spec builder for {@code classes} classes on {@code embeddingSize}-wide embeddings with
   * the batch size, hidden layer and optimizer of {@code s}.
   */
  public static HeadSpec.Builder headSpec(TrainingSettings s, int embeddingSize, int classes) {
    HeadSpec.Builder b = HeadSpec.builder()
        .setEmbeddingSize(embeddingSize)
        .setNumClasses(classes)
        .setBatchSize(s.batchSize())
        .optL2(L2)
        .optOptimizer(optimizer(s));
    if (s.hiddenSize() > 0) {
      b.optHiddenLayers(s.hiddenSize());
    }
    return b;
  }
}
