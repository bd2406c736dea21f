package org.snaptune.prototype;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.snaptune.data.Dataset;
import org.snaptune.data.SampleChecks;
import org.snaptune.metrics.Evaluation;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.train.TrainingListener;

/**
 * One personalisation run end to end, the same for the CLI, the benchmarks and (split in two around
 * its step-by-step training loop) the app: check the samples, plan, train the head unless
 * prototypes were requested, estimate both classifiers on the same held-out samples (the plan's
 * validation set, or cross-validation when every sample trains), pick one and report how far it
 * can be trusted. Stateless and thread-safe.
 */
public final class Personalisation {

  /** Everything a run produced. Immutable. */
  public static final class Outcome {
    private final TrainingPlan plan;
    private final HeadFitter.Fitted head;
    private final Selection selection;
    private final TrustReport trust;
    private final double estimateSeconds;

    Outcome(TrainingPlan plan, HeadFitter.Fitted head, Selection selection, TrustReport trust,
        double estimateSeconds) {
      this.plan = plan;
      this.head = head;
      this.selection = selection;
      this.trust = trust;
      this.estimateSeconds = estimateSeconds;
    }

    public TrainingPlan plan() { return plan; }
    /** The trained head, or null when prototypes were requested. */
    public HeadFitter.Fitted head() { return head; }
    public Selection selection() { return selection; }
    public TrustReport trust() { return trust; }
    /** Seconds spent estimating accuracy (cross-validation folds), beyond the final training. */
    public double estimateSeconds() { return estimateSeconds; }
  }

  private Personalisation() {}

  /**
   * Runs it all on {@code data}.
   *
   * @param fitter trains heads; may be null only with {@link ClassifierChoice#PROTOTYPE}
   * @throws IllegalArgumentException for unusable samples ({@link SampleChecks}), naming the
   *     problem; nothing is trained then
   */
  public static Outcome run(TrainingSettings settings, Dataset data, ClassifierChoice choice,
      HeadFitter fitter, long seed, TrainingListener listener) {
    return run(settings, data, choice, fitter, seed, listener, () -> true);
  }

  /**
   * As {@link #run(TrainingSettings, Dataset, ClassifierChoice, HeadFitter, long,
   * TrainingListener)}, asking {@code proceed} before every training step and between and
   * within cross-validation folds (it may block while paused; false stops): a stop during
   * training leaves the head CANCELLED, one during the comparison a {@link Selection#stopped()}
   * selection.
   */
  public static Outcome run(TrainingSettings settings, Dataset data, ClassifierChoice choice,
      HeadFitter fitter, long seed, TrainingListener listener, BooleanSupplier proceed) {
    SampleChecks.requireTrainable(data);
    if (fitter == null && choice != ClassifierChoice.PROTOTYPE) {
      throw new IllegalArgumentException("training a head needs a head fitter");
    }
    TrainingPlan plan = TrainingPlan.of(settings, data, seed);
    HeadFitter.Fitted head = choice == ClassifierChoice.PROTOTYPE ? null
        : fitter.fit(plan, plan.validation(), listener, proceed);
    long t0 = System.nanoTime();
    Selection selection = compare(plan, data, choice,
        choice == ClassifierChoice.PROTOTYPE ? null : fitter,
        head == null ? null : head.testProbabilities(), proceed);
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Outcome(plan, head, selection, trust(data, selection), seconds);
  }

  /**
   * Estimates prototypes and head on the same held-out samples and decides. With a validation
   * set: prototypes fitted on the plan's training samples and the final head's
   * {@code headOnValidation} probabilities, both on the validation samples. Without: 5-fold
   * cross-validation over {@code data} of prototypes and (when {@code fitter} is not null) of
   * heads trained by the same settings.
   */
  public static Selection compare(TrainingPlan plan, Dataset data, ClassifierChoice choice,
      HeadFitter fitter, float[] headOnValidation) {
    return compare(plan, data, choice, fitter, headOnValidation, () -> true);
  }

  /**
   * As {@link #compare(TrainingPlan, Dataset, ClassifierChoice, HeadFitter, float[])}, asking
   * {@code proceed} between cross-validation folds and before each of their steps (it may block
   * while paused): after a stop the selection is {@link Selection#stopped}, judged on the folds
   * measured until then, prototypes on the same samples.
   */
  public static Selection compare(TrainingPlan plan, Dataset data, ClassifierChoice choice,
      HeadFitter fitter, float[] headOnValidation, BooleanSupplier proceed) {
    HeldOut prototypes;
    HeldOut head = null;
    if (plan.hasValidation()) {
      Dataset val = plan.validation();
      String method = String.format(Locale.ROOT, "validation set of %d samples", val.size());
      prototypes = new HeldOut(Evaluation.of(val.classNames(),
          CrossValidation.PROTOTYPES.fitAndPredict(plan.train(), val), val.labels()),
          plan.validationRows(), method);
      if (headOnValidation != null) {
        head = new HeldOut(Evaluation.of(val.classNames(), headOnValidation, val.labels()),
            plan.validationRows(), method);
      }
    } else {
      prototypes = CrossValidation.run(data, CrossValidation.DEFAULT_FOLDS, plan.seed(),
          CrossValidation.PROTOTYPES);
      if (fitter != null && prototypes != null) {
        StopLatch stop = new StopLatch(proceed);
        head = fitter.crossValidate(plan.settings(), data, CrossValidation.DEFAULT_FOLDS,
            plan.seed(), stop);
        if (stop.stopped()) {
          return Selection.stopped(choice, head == null ? prototypes : prototypes.onRowsOf(head),
              head);
        }
      }
    }
    return Selection.decide(choice, prototypes, head);
  }

  /** The trust report of the selected classifier. */
  public static TrustReport trust(Dataset data, Selection selection) {
    return TrustReport.of(selection.chosen(), data.classNames(), data.classCounts(),
        selection.chosenHeldOut());
  }
}
