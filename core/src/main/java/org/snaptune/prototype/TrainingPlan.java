package org.snaptune.prototype;

import java.util.Locale;
import org.snaptune.data.Dataset;
import org.snaptune.data.StratifiedSplit;
import org.snaptune.model.HeadSpec;
import org.snaptune.settings.SettingsMapping;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.train.TrainerConfig;

/**
 * How one training run uses the samples, decided from the settings and the sample counts, the same
 * way in the app, the CLI and the benchmarks:
 * <ul>
 *   <li>below {@value #MIN_PER_CLASS_FOR_HOLDOUT} samples in the smallest class every sample
 *       trains; there is no validation set (a one- or two-sample holdout only measures noise: early
 *       stopping on it stopped every K = 5 run at random and called it STALLED), so accuracy is
 *       estimated by cross-validation afterwards (see {@code org.snaptune.prototype});</li>
 *   <li>from {@value #MIN_PER_CLASS_FOR_HOLDOUT} per class on, {@value #HOLDOUT_FRACTION} of each
 *       class (at least 5) is held out: a real validation set for early stopping, best weights and
 *       the accuracy estimate.</li>
 * </ul>
 * The run length is the settings' step budget, not an epoch count; a linear head starts from the
 * prototypes' imprinted weights ({@link PrototypeClassifier#imprintedLinearWeights()}).
 * Immutable and thread-safe.
 */
public final class TrainingPlan {

  /** Smallest class size from which 20 % (≥ 5 samples per class) is held out for validation. */
  public static final int MIN_PER_CLASS_FOR_HOLDOUT = 25;
  public static final double HOLDOUT_FRACTION = SettingsMapping.HOLDOUT_FRACTION;

  private final TrainingSettings settings;
  private final Dataset train;
  private final Dataset validation;
  private final int[] validationRows;
  private final long seed;

  private TrainingPlan(TrainingSettings settings, Dataset train, Dataset validation,
      int[] validationRows, long seed) {
    this.settings = settings;
    this.train = train;
    this.validation = validation;
    this.validationRows = validationRows;
    this.seed = seed;
  }

  /**
   * The plan for {@code data} under {@code settings}: with a validation split when every class
   * has at least {@value #MIN_PER_CLASS_FOR_HOLDOUT} samples, otherwise all samples train.
   */
  public static TrainingPlan of(TrainingSettings settings, Dataset data, long seed) {
    if (smallestClass(data) >= MIN_PER_CLASS_FOR_HOLDOUT) {
      StratifiedSplit split = StratifiedSplit.split(data, HOLDOUT_FRACTION, seed);
      return new TrainingPlan(settings, split.train(), split.validation(),
          split.validationRows(), seed);
    }
    return new TrainingPlan(settings, data, null, new int[0], seed);
  }

  /** A plan that trains on every sample of {@code data} (cross-validation folds). */
  public static TrainingPlan allSamples(TrainingSettings settings, Dataset data, long seed) {
    return new TrainingPlan(settings, data, null, new int[0], seed);
  }

  /**
   * A plan holding out {@code fraction} of every class that can spare a sample, whatever the
   * counts (the CLI's explicit --validation); 0 trains on everything.
   */
  public static TrainingPlan withFraction(TrainingSettings settings, Dataset data,
      double fraction, long seed) {
    StratifiedSplit split = StratifiedSplit.split(data, fraction, seed);
    return new TrainingPlan(settings, split.train(), split.validation(),
        split.validation() == null ? new int[0] : split.validationRows(), seed);
  }

  static int smallestClass(Dataset data) {
    int min = Integer.MAX_VALUE;
    for (int n : data.classCounts()) {
      min = Math.min(min, n);
    }
    return min;
  }

  public TrainingSettings settings() { return settings; }
  public Dataset train() { return train; }
  /** The validation set, or null when every sample trains. */
  public Dataset validation() { return validation; }
  public boolean hasValidation() { return validation != null; }

  /**
   * For validation row i, its row in the data given to {@link #of} (-1 when the validation set
   * came from elsewhere); empty without validation.
   */
  public int[] validationRows() { return validationRows.clone(); }
  public long seed() { return seed; }

  /** ceil(training samples / batch size). */
  public int batchesPerEpoch() {
    return (train.size() + settings.batchSize() - 1) / settings.batchSize();
  }

  /**
   * The head for this plan: the settings' batch, hidden layer, optimizer and L2; a linear head
   * starts at the imprinted prototypes of the training samples (so step 0 already classifies as
   * well as the prototypes), a hidden layer at the usual random initialisation.
   */
  public HeadSpec.Builder headSpec() {
    HeadSpec.Builder b = SettingsMapping.headSpec(settings, train.dimension(), train.numClasses())
        .optSeed(seed);
    if (settings.hiddenSize() == 0 && train.numClasses() >= 2 && smallestClass(train) >= 1) {
      b.optInitialWeights(PrototypeClassifier.fit(train).imprintedLinearWeights());
    }
    return b;
  }

  /** The trainer configuration: budget, clipping, schedule, early stopping only with validation. */
  public TrainerConfig.Builder trainerConfig() {
    return SettingsMapping.trainerConfig(settings, batchesPerEpoch(), hasValidation())
        .optSeed(seed);
  }

  /** One line for users and reports on how the samples are used. */
  public String describe() {
    if (hasValidation()) {
      return String.format(Locale.ROOT, "%d samples train, %d held out for validation (every"
          + " class has %d or more)", train.size(), validation.size(), MIN_PER_CLASS_FOR_HOLDOUT);
    }
    return String.format(Locale.ROOT, "all %d samples train (fewer than %d in the smallest"
        + " class, so no validation set; accuracy comes from cross-validation)", train.size(),
        MIN_PER_CLASS_FOR_HOLDOUT);
  }

  @Override
  public String toString() {
    return "TrainingPlan{" + describe() + ", steps=" + settings.steps() + "}";
  }
}
