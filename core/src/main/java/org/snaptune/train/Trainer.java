package org.snaptune.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snaptune.checkpoint.Checkpoint;
import org.snaptune.data.ClassWeights;
import org.snaptune.data.Dataset;
import org.snaptune.data.MiniBatcher;
import org.snaptune.data.StratifiedSplit;
import org.snaptune.health.EpochReport;
import org.snaptune.health.GradientHealthMonitor;
import org.snaptune.health.StepReport;
import org.snaptune.health.Verdict;
import org.snaptune.metrics.Evaluation;
import org.snaptune.runtime.SignatureRunner;

/**
 * Trains a compiled head model through its {@code gradients} and {@code apply} signatures: each
 * step computes gradients, counts non-finite values, clips in Java, judges health, and applies.
 *
 * <p>Recovery ({@link Recovery}): a step whose loss or gradients hold NaN/∞ is never applied; it
 * is counted and the learning rate backs off ({@link TrainerConfig.Builder#optRecovery}); after
 * {@code rollbackAfter} such steps in a row every variable (weights and optimizer state) is reset
 * to the last good snapshot. Finite trouble acts the same way
 * ({@link TrainerConfig.Builder#optFiniteRecovery}): EXPLODING backs off, and a loss far above its
 * start, an update larger than the weights, a collapse or a divergence also rolls back. After
 * {@code growthInterval} clean steps a backed-off rate grows back. Snapshots are taken at the
 * start, every {@code snapshotEvery} applied steps (of weights whose gradients came out finite
 * and whose step was judged safe) and after each epoch whose validation loss is finite. The run
 * ends DIVERGED after {@code maxRollbacks} rollbacks for non-finite steps, FAILED when finite
 * recovery gives up or when the run ends COLLAPSED or DIVERGED (or at chance level after an
 * explosion): a failure never reads COMPLETED.
 *
 * <p>Use: {@link #start}, then {@link #run()} or repeated {@link #step()}. {@link #cancel()} may be
 * called from any thread and takes effect before the next step; the run then returns CANCELLED
 * and can be resumed by calling {@link #run()} again (a pause), or saved with
 * {@link #checkpoint()} and continued in another process with {@link #restore}. Any number of
 * {@link TrainingListener}s follow a run, called in the order given ({@link TrainingListeners}).
 * Not thread-safe apart from {@link #cancel()}; owns neither the runner nor the listeners.
 */
public final class Trainer {

  private final HeadRunner head;
  private final List<String> classNames;
  private final TrainerConfig config;
  private final TrainingListener listener;
  private volatile boolean cancelRequested;

  private Dataset train;
  private Dataset validation;
  private MiniBatcher batcher;
  private GradientHealthMonitor monitor;
  private final TrainerState s = new TrainerState();
  private final StepTimings timings = new StepTimings();
  // One run's parts, built by start(...).
  private LastGood lastGood;
  private GradientClipper clipper;
  private StepExecutor executor;
  private Map<String, float[]> bestWeights;
  private long totalSteps;
  private long segmentStart;
  private Verdict verdict = Verdict.healthy();
  private TrainingResult result;

  /**
   * @param classNames the head's classes in output order
   * @throws IllegalArgumentException if the model is not a trainable head or the class count
   *     differs from its output width
   */
  public Trainer(SignatureRunner runner, List<String> classNames, TrainerConfig config,
      TrainingListener listener) {
    this(runner, classNames, config, listener, new TrainingListener[0]);
  }

  /**
   * As {@link #Trainer(SignatureRunner, List, TrainerConfig, TrainingListener)} with several
   * listeners, each told every event in the order given (nulls are skipped); see
   * {@link TrainingListeners}.
   */
  public Trainer(SignatureRunner runner, List<String> classNames, TrainerConfig config,
      TrainingListener first, TrainingListener... more) {
    this.head = new HeadRunner(runner);
    if (classNames.size() != head.numClasses()) {
      throw new IllegalArgumentException(classNames.size() + " class names " + classNames
          + " for a head with " + head.numClasses() + " outputs");
    }
    this.classNames = classNames;
    this.config = config;
    List<TrainingListener> all = new ArrayList<>();
    all.add(first);
    if (more != null) {
      all.addAll(Arrays.asList(more));
    }
    this.listener = TrainingListeners.of(all);
  }

  public HeadRunner head() { return head; }

  /** What the configured clipping applies to for this head, in words; empty if nothing to say. */
  public String clippingScope() {
    return config.clipping().scope(head.variableShapes());
  }

  /** Splits {@code data} by the configured validation fraction and seed, then starts. */
  public void start(Dataset data) {
    StratifiedSplit split = StratifiedSplit.split(checkData(data, "training"),
        config.validationFraction(), config.seed());
    start(split.train(), split.validation());
  }

  /**
   * Prepares a run on {@code trainData} with optional {@code validationData} (null: no validation,
   * so no early stopping, plateau schedule or STALLED verdict).
   *
   * @throws IllegalArgumentException for no samples, a class without samples, unknown labels or a
   *     wrong embedding size
   */
  public void start(Dataset trainData, Dataset validationData) {
    train = checkData(trainData, "training");
    train.requireEveryClass();
    validation = validationData == null ? null : checkData(validationData, "validation");
    float[] cw = config.classBalanced() ? ClassWeights.balanced(train)
        : ClassWeights.uniform(train.numClasses());
    batcher = new MiniBatcher(train, head.batchSize(), cw, config.seed());
    clipper = config.clipping().newClipper();
    Clipping.Mode mode = config.clipping().mode();
    monitor = new GradientHealthMonitor(config.health(), head.numClasses())
        .setClipping(mode != Clipping.Mode.OFF, mode == Clipping.Mode.ADAPTIVE);
    s.reset();
    timings.reset();
    totalSteps = Math.min(config.maxSteps(), (long) config.epochs() * batcher.batchesPerEpoch());
    lastGood = new LastGood(head, s, monitor, clipper, head.getWeights());
    Recovery recovery = new Recovery(config, s, monitor, lastGood);
    executor = new StepExecutor(head, config, s, timings, clipper, monitor, recovery, lastGood);
    bestWeights = null;
    verdict = Verdict.healthy();
    result = null;
  }

  private Dataset checkData(Dataset data, String what) {
    if (data == null) {
      throw new IllegalArgumentException("no " + what + " samples at all");
    }
    if (data.dimension() != head.dimension()) {
      throw new IllegalArgumentException(what + " embeddings have size " + data.dimension()
          + " but the head expects " + head.dimension());
    }
    return data.classNames().equals(classNames) ? data : data.withClassList(classNames);
  }

  /** Requests cancellation; safe from any thread. */
  public void cancel() {
    cancelRequested = true;
  }

  /** The final result, or null while the run is not finished. */
  public TrainingResult result() { return result; }

  /** Runs steps until the run finishes or is cancelled. */
  public TrainingResult run() {
    requireStarted();
    while (true) {
      if (cancelRequested) {
        cancelRequested = false;
        TrainingResult r = makeResult(TrainingResult.Status.CANCELLED, "", "");
        listener.onFinished(r);
        return r;
      }
      if (!step()) {
        return result;
      }
    }
  }

  /** Performs one step (and the epoch end it completes); returns false once finished. */
  public boolean step() {
    requireStarted();
    if (result != null) {
      return false;
    }
    segmentStart = System.nanoTime();
    try {
      if (s.steps >= config.maxSteps() || s.epoch >= config.epochs()) {
        // A restored checkpoint may already be at a limit.
        finish(TrainingResult.Status.COMPLETED, "", "");
        return false;
      }
      publish(executor.execute(batcher.batch(s.epoch, s.batchIndex), learningRate()));
      if (result == null && ++s.batchIndex == batcher.batchesPerEpoch()) {
        endEpoch();
      }
      if (result == null && s.steps >= config.maxSteps()) {
        finish(TrainingResult.Status.COMPLETED, "", "");
      }
    } finally {
      s.elapsedNanos += System.nanoTime() - segmentStart;
      segmentStart = 0;
    }
    return result == null;
  }

  private void requireStarted() {
    if (batcher == null) {
      throw new IllegalStateException("call start(...) before training");
    }
  }

  /** Where step time went in this run (see {@link StepTimings}). */
  public StepTimings timings() { return timings; }

  private double learningRate() {
    return config.schedule().rate(config.learningRate(), s.applied, totalSteps, s.plateauScale)
        * s.backoff;
  }

  /** Tells the listeners about a step, then ends the run if recovery gave up. */
  private void publish(StepOutcome outcome) {
    StepReport report = outcome.report();
    s.verdictSteps[report.verdict().kind().ordinal()]++;
    publishVerdict(report.verdict());
    listener.onStep(report);
    switch (outcome.end()) {
      case NONE:
        break;
      case FAILED:
        fail(report.verdict(), outcome.reason());
        break;
      case DIVERGED:
        diverge(outcome.reason());
        break;
      default:
        throw new IllegalStateException("unhandled step end " + outcome.end());
    }
  }

  private void publishVerdict(Verdict v) {
    Verdict previous = verdict;
    verdict = v;
    if (previous.kind() != v.kind()) {
      listener.onVerdictChange(previous, v);
    }
  }

  private void diverge(String reason) {
    finish(TrainingResult.Status.DIVERGED, reason + ". Advice: " + genericAdvice(), reason);
  }

  /** Ends the run FAILED: finite recovery gave up on {@code v}. */
  private void fail(Verdict v, String reason) {
    finish(TrainingResult.Status.FAILED, advice(v) + "; if it still fails, check the samples for"
        + " extreme values", reason);
  }

  private String genericAdvice() {
    return "lower the learning rate (now " + String.format(Locale.ROOT, "%.3g",
        config.learningRate()) + "), enable clipping (e.g. global-norm 1.0), check the embeddings"
        + " for extreme values, or reduce the L2 term";
  }

  private String advice(Verdict v) {
    return v.advice().isEmpty() ? genericAdvice() : v.advice() + " (learning rate now "
        + String.format(Locale.ROOT, "%.3g", config.learningRate()) + ")";
  }

  // --- epochs and the end ---------------------------------------------------------------------

  private void endEpoch() {
    s.epoch++;
    s.batchIndex = 0;
    double valLoss = Double.NaN;
    double valAcc = Double.NaN;
    boolean improved = false;
    String action = "none";
    Map<String, float[]> weights = head.getWeights();
    if (validation != null) {
      Evaluation e = head.evaluate(validation);
      valLoss = e.loss();
      valAcc = e.accuracy();
    }
    boolean finite = Norms.allFinite(weights) && !Double.isInfinite(valLoss)
        && (validation == null || !Double.isNaN(valLoss));
    if (!finite) {
      // The last update overflowed without a non-finite gradient showing it yet.
      action = "non-finite weights after the epoch, rolled back to applied step "
          + lastGood.rollback();
      valLoss = Double.NaN;
    } else {
      lastGood.update(weights);
      if (validation != null) {
        if (valLoss < s.bestValidation - config.earlyStoppingMinDelta()) {
          s.bestValidation = valLoss;
          s.epochsWithoutImprovement = 0;
          s.plateauEpochs = 0;
          improved = true;
          bestWeights = weights;
        } else {
          s.epochsWithoutImprovement++;
          s.plateauEpochs++;
          LearningRateSchedule sch = config.schedule();
          if (sch.kind() == LearningRateSchedule.Kind.REDUCE_ON_PLATEAU
              && s.plateauEpochs >= sch.patience()) {
            s.plateauScale = sch.reduce(s.plateauScale);
            s.plateauEpochs = 0;
            action = String.format(Locale.ROOT, "learning rate reduced on plateau to %.3g",
                learningRate());
          }
        }
      }
    }
    double trainLoss = s.epochLossCount == 0 ? Double.NaN : s.epochLossSum / s.epochLossCount;
    Verdict v = monitor.onEpoch(valLoss, trainLoss).withAction(action);
    publishVerdict(v);
    listener.onEpoch(new EpochReport(s.epoch, s.steps, trainLoss, valLoss,
        valAcc, learningRate(), s.epochNonFinite, s.epochClipped, improved, v));
    s.newEpoch();
    if (config.earlyStoppingPatience() > 0 && validation != null
        && s.epochsWithoutImprovement >= config.earlyStoppingPatience()) {
      finish(TrainingResult.Status.EARLY_STOPPED, "", "");
    } else if (s.epoch >= config.epochs()) {
      finish(TrainingResult.Status.COMPLETED, "", "");
    }
  }

  private void finish(TrainingResult.Status status, String advice, String failedReason) {
    if (!Norms.allFinite(head.getWeights())) {
      // Never leave non-finite weights behind, not even when recovery failed.
      lastGood.rollback();
    }
    boolean failed = status == TrainingResult.Status.DIVERGED
        || status == TrainingResult.Status.FAILED;
    if (!failed && config.restoreBestWeights() && bestWeights != null) {
      Evaluation now = head.evaluate(validation);
      if (!(now.loss() <= s.bestValidation)) {
        head.setWeights(bestWeights);
      }
    }
    if (!failed) {
      String why = HealthOutcome.failure(monitor, verdict, validation == null ? null
          : head.evaluate(validation), head.numClasses(), config.health());
      if (why != null) {
        status = TrainingResult.Status.FAILED;
        failedReason = why;
        Verdict cause = verdict.kind().isFailure() ? verdict : monitor.current();
        advice = cause.kind().isFailure() ? advice(cause) : genericAdvice();
      }
    }
    result = makeResult(status, advice, failedReason);
    listener.onFinished(result);
  }

  private TrainingResult makeResult(TrainingResult.Status status, String advice,
      String failedReason) {
    Evaluation eval = validation == null ? null : head.evaluate(validation);
    long running = segmentStart == 0 ? 0 : System.nanoTime() - segmentStart;
    return new TrainingResult(status, s.epoch, s.steps, s.applied, s.nonFinite, s.clipped,
        s.rollbacks, verdict, validation == null ? Double.NaN : s.bestValidation, eval,
        (s.elapsedNanos + running) / 1e9, advice, failedReason, s.verdictSteps);
  }

  /** Checkpoint series key of AutoClip's norm history. */
  private static final String CLIP_HISTORY = "clip.history";

  /** A checkpoint of every variable, progress, the health monitor's memory and clip history. */
  public Checkpoint checkpoint() {
    Map<String, double[]> series = monitor.memory();
    double[] history = clipper.history();
    if (history != null) {
      series.put(CLIP_HISTORY, history);
    }
    return new Checkpoint(classNames, head.getWeights(), head.variableShapes(), s.toMap(), series);
  }

  /**
   * Restores what {@link #checkpoint()} saved; call after {@link #start} with the same data to
   * continue (best-weights memory starts afresh; a version-1 checkpoint has no health memory or
   * clip history: both are re-learnt from the resumed steps).
   *
   * @throws IllegalArgumentException if it was taken from another head shape or class list
   */
  public void restore(Checkpoint checkpoint) {
    requireStarted();
    checkpoint.requireCompatible(head.variableShapes(), classNames);
    Map<String, float[]> vars = checkpoint.variables();
    head.setWeights(vars);
    s.fromMap(checkpoint.state());
    Map<String, double[]> series = checkpoint.series();
    if (monitor.restoreMemory(series)) {
      verdict = monitor.current();
    }
    if (series.containsKey(CLIP_HISTORY)) {
      clipper.restoreHistory(series.get(CLIP_HISTORY));
    }
    lastGood.restored(new LinkedHashMap<>(vars));
    result = null;
  }
}
