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
   * A trainer configuration builder preset from {@code s} (rate, epochs, clipping, schedule, early
   * stopping); the caller may add a seed or step limit before {@code build()}.
   */
  public static TrainerConfig.Builder trainerConfig(TrainingSettings s) {
    return TrainerConfig.builder()
        .setLearningRate(s.learningRate())
        .setEpochs(s.epochs())
        .optClipping(clipping(s))
        .optSchedule(schedule(s))
        .optEarlyStopping(s.earlyStopping() ? s.patience() : 0, EARLY_STOPPING_MIN_DELTA)
        .optRestoreBestWeights(s.earlyStopping());
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
        .optOptimizer(optimizer(s));
    if (s.hiddenSize() > 0) {
      b.optHiddenLayers(s.hiddenSize());
    }
    return b;
  }
}
