package org.snaptune.training;

import android.content.Context;
import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.snaptune.chart.TrainingCharts;
import org.snaptune.checkpoint.Checkpoint;
import org.snaptune.checkpoint.CheckpointStore;
import org.snaptune.data.Dataset;
import org.snaptune.data.SampleChecks;
import org.snaptune.health.EpochReport;
import org.snaptune.health.StepReport;
import org.snaptune.health.Verdict;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.runtime.SignatureRunner;
import org.snaptune.prototype.HeadFitter;
import org.snaptune.prototype.TrainingPlan;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.train.Trainer;
import org.snaptune.train.TrainerConfig;
import org.snaptune.train.TrainingListener;
import org.snaptune.train.TrainingResult;

/**
 * The process's single training run: the worker thread drives it with {@link #runBlocking}, the
 * screen observes {@link #status()} and {@link #charts()} and calls {@link #pause()},
 * {@link #resume()} and {@link #stop()} from the UI thread. Because it lives as long as the
 * process, not the activity, training and its charts survive leaving the screen and rotation.
 *
 * <p>Survives process death: at the end of every epoch the run is checkpointed to
 * {@link Environment#checkpointFile()}; when WorkManager reruns the worker, the same run (same
 * settings and samples) continues from there instead of from zero. The checkpoint is deleted when
 * the run completes or the user stops it.
 *
 * <p>Thread-safe: state changes are synchronized on this object, the pause gate waits on it, and
 * LiveData values are posted.
 */
public final class TrainingController {

  /** What a run needs; {@link AndroidTrainingEnvironment} on the phone, tests supply their own. */
  public interface Environment {
    /** The stored samples (blocks; called on the worker thread). */
    Dataset loadSamples() throws IOException;

    org.snaptune.runtime.SignatureRunnerFactory runnerFactory();

    TrainingSettings settings();

    TrainedHeadStore heads();

    /**
     * The stored thumbnail (JPEG bytes) of row {@code row} of the last {@link #loadSamples()}
     * result, or null when unknown; for the trust report's misclassified samples. Worker thread.
     */
    default byte[] thumbnail(int row) {
      return null;
    }

    /**
     * Where the running training keeps its checkpoint. On the phone it lies in the no-backup
     * files dir: a half-finished run belongs to this install and must not be restored elsewhere.
     */
    File checkpointFile();
  }

  /** Receives progress on the worker thread, for the notification. */
  public interface ProgressSink {
    void onProgress(TrainingStatus status);
  }

  private static final long SEED = 1L;
  private static final long POST_INTERVAL_NANOS = 100_000_000L;
  private static final int CHART_POINTS = 600;
  /**
   * Measure the update/weight ratio every 10th step: each measurement costs two
   * {@code get_weights} calls, and the chart bridges the gaps.
   */
  private static final int WEIGHT_STATS_EVERY = 10;
  /** Checkpoint state key identifying the run's settings and samples (see {@link #fingerprint}). */
  static final String FINGERPRINT = "app_run_fingerprint";
  private static TrainingController instance;
  private static Context instanceApp;

  private final TrainingCharts charts = new TrainingCharts();
  private final MutableLiveData<TrainingStatus> status =
      new MutableLiveData<>(TrainingStatus.idle());
  private final MutableLiveData<TrainingCharts.Snapshot> snapshots =
      new MutableLiveData<>(charts.snapshot(CHART_POINTS));
  /** The trust report of the classifier the last finished run put in use; null before. */
  private final MutableLiveData<TrustState> trust = new MutableLiveData<>(null);
  private Environment environment;
  private TrainingStatus current = TrainingStatus.idle();
  private boolean paused;
  private boolean stopRequested;
  /** The stop came from the system, which reruns the work later: keep the checkpoint for it. */
  private boolean keepCheckpoint;
  private long lastPost;

  TrainingController(Environment environment) {
    this.environment = environment;
  }

  /**
   * The controller of this process's application, created on first use with the phone's
   * environment. (Keyed by the Application object because a JVM test run creates one per test.)
   */
  public static synchronized TrainingController get(Context context) {
    Context app = context.getApplicationContext();
    if (instance == null || instanceApp != app) {
      instance = new TrainingController(new AndroidTrainingEnvironment(app));
      instanceApp = app;
    }
    return instance;
  }

  /** Replaces the environment (tests: host runtime, prepared samples); only while idle. */
  public synchronized void setEnvironment(Environment replacement) {
    if (current.isActive()) {
      throw new IllegalStateException("cannot change the environment while training runs");
    }
    environment = replacement;
  }

  public LiveData<TrainingStatus> status() { return status; }

  public LiveData<TrainingCharts.Snapshot> charts() { return snapshots; }

  /** How far the classifier in use can be trusted, after a run finished; null before. */
  public LiveData<TrustState> trust() { return trust; }

  /** The current status, readable from any thread. */
  public synchronized TrainingStatus current() { return current; }

  /**
   * Claims the single run slot; false when a run is already active (one training at a time).
   * The caller then enqueues the worker.
   */
  public synchronized boolean requestStart() {
    if (current.isActive()) {
      return false;
    }
    paused = false;
    stopRequested = false;
    keepCheckpoint = false;
    setStatus(current.with(TrainingStatus.State.PREPARING, "Starting…").progress(0, 0, 0, 0));
    return true;
  }

  /** Pauses before the next step; the worker stays alive and keeps its notification. */
  public synchronized void pause() {
    if (current.state() == TrainingStatus.State.RUNNING) {
      paused = true;
      setStatus(current.with(TrainingStatus.State.PAUSED, "Paused"));
    }
  }

  public synchronized void resume() {
    if (paused) {
      paused = false;
      setStatus(current.with(TrainingStatus.State.RUNNING, "Training"));
      notifyAll();
    }
  }

  /** Ends the run after the current step; the weights so far are kept. */
  public synchronized void stop() {
    if (current.isActive()) {
      stopRequested = true;
      paused = false;
      setStatus(current.with(TrainingStatus.State.STOPPING, "Stopping…"));
      notifyAll();
    }
  }

  /**
   * Ends the run like {@link #stop()} but keeps its checkpoint: the system stopped the worker
   * (quota, constraints) and WorkManager will rerun it, which then continues where this ended.
   */
  synchronized void stopBySystem() {
    if (current.isActive()) {
      keepCheckpoint = true;
      stop();
    }
  }

  /** Marks a run that could not even start (for example the worker failed to enqueue). */
  synchronized void fail(String message) {
    setStatus(current.with(TrainingStatus.State.FAILED, message));
  }

  /**
   * Runs one training to its end on the calling (worker) thread: loads samples, compiles a head
   * from the settings, continues from this run's checkpoint if the process died mid-run, trains
   * with pause/stop honoured between steps and a checkpoint after every epoch, saves the head
   * when the run produced usable weights. Never throws: failures end in FAILED with a one-line
   * reason.
   */
  public TrainingStatus runBlocking(ProgressSink sink) {
    Environment env;
    synchronized (this) {
      if (!current.isActive()) {
        // Restarted by WorkManager after the process died: a new status; the run itself
        // continues from its checkpoint when there is one (see resume).
        requestStart();
      }
      env = environment;
    }
    charts.clear();
    post(true);
    try {
      return train(env, sink);
    } catch (IOException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      synchronized (this) {
        setStatus(current.with(TrainingStatus.State.FAILED, "Training failed: " + reason));
      }
      post(true);
      return current();
    }
  }

  private TrainingStatus train(Environment env, ProgressSink sink) throws IOException {
    TrainingSettings settings = env.settings();
    Dataset data = env.loadSamples();
    // Refuses empty classes, a single class and duplicates before anything is trained, so the
    // head in use stays untouched.
    SampleChecks.requireTrainable(data);
    TrainingPlan plan = TrainingPlan.of(settings, data, SEED);
    charts.setValidation(plan.hasValidation());
    HeadSpec spec = plan.headSpec().build();
    byte[] model = HeadCompiler.compile(spec);
    TrainerConfig config = plan.trainerConfig().optWeightStatsEvery(WEIGHT_STATS_EVERY).build();
    CheckpointStore checkpoints = new CheckpointStore(env.checkpointFile().toPath());
    double fingerprint = fingerprint(settings, data);
    Trainer[] holder = new Trainer[1];
    boolean[] epochEnded = new boolean[1];
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onStep(StepReport r) {
        charts.onStep(r);
        progress(r.epoch() - 1, r.step(), sink, false);
      }

      @Override
      public void onEpoch(EpochReport r) {
        charts.onEpoch(r);
        if (plan.hasValidation()) {
          charts.setEvaluation(holder[0].head().evaluate(plan.validation()));
        }
        progress(r.epoch(), r.steps(), sink, true);
        // Checkpointed by the loop once the step returns, not from inside the trainer's step.
        epochEnded[0] = true;
      }

      @Override
      public void onVerdictChange(Verdict previous, Verdict now) {
        charts.onVerdictChange(previous, now);
      }

      @Override
      public void onFinished(TrainingResult r) {
        charts.onFinished(r);
      }
    };
    List<String> classes = data.classNames();
    try (SignatureRunner runner = env.runnerFactory().open(model, settings.threads())) {
      Trainer trainer = new Trainer(runner, classes, config, listener);
      holder[0] = trainer;
      trainer.start(plan.train(), plan.validation());
      StringBuilder note = new StringBuilder();
      Checkpoint restored = resume(trainer, checkpoints, fingerprint, classes, note);
      int epoch = restored == null ? 0 : (int) restored.state("epoch", 0);
      long step = restored == null ? 0 : (long) restored.state("steps", 0);
      synchronized (this) {
        setStatus(current.with(TrainingStatus.State.RUNNING, "Training" + note)
            .progress(epoch, config.epochs(), step, config.maxSteps()));
      }
      boolean stopped = false;
      while (true) {
        synchronized (this) {
          while (paused && !stopRequested) {
            post(true);
            sink.onProgress(current);
            waitForResume();
          }
          if (stopRequested) {
            stopped = true;
            break;
          }
        }
        if (!trainer.step()) {
          break;
        }
        if (epochEnded[0]) {
          epochEnded[0] = false;
          saveCheckpoint(trainer, checkpoints, fingerprint);
        }
      }
      return finish(trainer, stopped, spec, env, plan, data, checkpoints);
    }
  }

  /**
   * Restores {@code trainer} (already started) from the checkpoint when it belongs to this very
   * run, and returns it; otherwise leaves the fresh start and returns null. Appends to
   * {@code note} what the user should know, e.g. " (resumed after epoch 3, step 120)", or why a
   * checkpoint was ignored.
   */
  private static Checkpoint resume(Trainer trainer, CheckpointStore store, double fingerprint,
      List<String> classes, StringBuilder note) {
    if (!Files.exists(store.file()) && !Files.exists(store.previousFile())) {
      return null;
    }
    CheckpointStore.LoadResult loaded = store.load();
    Checkpoint c = loaded.checkpoint();
    if (c == null) {
      note.append(" (saved checkpoint unreadable: ").append(String.join("; ", loaded.problems()))
          .append("; started afresh)");
      return null;
    }
    try {
      // Checked before the fingerprint so that a changed class list or head is named as such.
      c.requireCompatible(trainer.head().variableShapes(), classes);
    } catch (IllegalArgumentException e) {
      note.append(" (saved checkpoint ignored: ").append(e.getMessage())
          .append("; started afresh)");
      return null;
    }
    if (c.state(FINGERPRINT, Double.NaN) != fingerprint) {
      note.append(" (saved checkpoint ignored: it is from a run with other settings or samples;"
          + " started afresh)");
      return null;
    }
    trainer.restore(c);
    note.append(String.format(Locale.ROOT, " (resumed after epoch %d, step %d%s)",
        (int) c.state("epoch", 0), (long) c.state("steps", 0),
        loaded.usedPrevious() ? ", from the previous checkpoint: "
            + String.join("; ", loaded.problems()) : ""));
    return c;
  }

  /** Checkpoints the run, tagged with its fingerprint so that only the same run resumes it. */
  private void saveCheckpoint(Trainer trainer, CheckpointStore store, double fingerprint) {
    Checkpoint c = trainer.checkpoint();
    Map<String, Double> state = new LinkedHashMap<>(c.state());
    state.put(FINGERPRINT, fingerprint);
    try {
      store.save(new Checkpoint(c.classNames(), c.variables(), trainer.head().variableShapes(),
          state));
    } catch (IOException e) {
      // Training itself is fine; only a restart after process death would lose progress.
      synchronized (this) {
        setStatusQuietly(current.with(current.state(),
            "Training (checkpoint not saved: " + e.getMessage() + ")"));
      }
    }
  }

  /**
   * Identifies a run's inputs: every setting, the class list and every sample. Head shape and
   * classes alone would let a checkpoint taken before the user changed the learning rate or added
   * a sample continue as if nothing had changed. A CRC-32, exact as a double.
   */
  static double fingerprint(TrainingSettings settings, Dataset data) {
    CRC32 crc = new CRC32();
    crc.update(new TreeMap<>(settings.toMap()).toString().getBytes(StandardCharsets.UTF_8));
    crc.update(data.classNames().toString().getBytes(StandardCharsets.UTF_8));
    float[] row = new float[data.dimension()];
    ByteBuffer bytes = ByteBuffer.allocate(4 + 4 * row.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < data.size(); i++) {
      data.copyRow(i, row, 0);
      bytes.clear();
      bytes.putInt(data.label(i));
      for (float v : row) {
        bytes.putFloat(v);
      }
      crc.update(bytes.array(), 0, bytes.position());
    }
    return crc.getValue();
  }

  private TrainingStatus finish(Trainer trainer, boolean stopped, HeadSpec spec, Environment env,
      TrainingPlan plan, Dataset data, CheckpointStore checkpoints) throws IOException {
    TrainingResult result = trainer.result();
    List<String> classes = data.classNames();
    byte[] trained = null;
    // Collapsed or diverged weights are useless even when finite: nothing of such a run is kept.
    if (stopped ? current().epoch() > 0 : !result.failed()
        && result.status() != TrainingResult.Status.DIVERGED) {
      trained = HeadCompiler.compile(
          spec.toBuilder().optInitialWeights(trainer.head().getWeights()).build());
    }
    String message;
    boolean ok = trained != null;
    if (stopped) {
      if (trained != null) {
        env.heads().save(trained, classes);
      }
      message = trained != null
          ? "Stopped after " + current().epoch() + " epochs; the head so far is saved and in use."
          : "Stopped before the first epoch ended; nothing saved.";
    } else if (result.status() == TrainingResult.Status.DIVERGED) {
      message = "Training diverged: " + result.advice() + " The classifier in use is unchanged.";
    } else if (trained == null) {
      message = "Training failed: " + result.failedReason() + ". What to change: "
          + result.advice() + " The classifier in use is unchanged.";
    } else {
      synchronized (this) {
        setStatus(current.with(TrainingStatus.State.RUNNING, plan.hasValidation()
            ? "Comparing the trained head with the prototypes…"
            : "Measuring accuracy by cross-validation…"));
      }
      post(true);
      float[] onValidation = plan.hasValidation() ? trainer.head().predict(plan.validation())
          : null;
      HeadDecision.Outcome outcome = HeadDecision.apply(plan, data, onValidation,
          new HeadFitter(env.runnerFactory(), env.settings().threads()), trained, classes,
          env.heads());
      message = String.format(Locale.ROOT, "%s after %d steps%s. %s",
          result.status() == TrainingResult.Status.EARLY_STOPPED ? "Stopped early" : "Done",
          result.steps(), recovery(result), outcome.message);
      trust.postValue(TrustState.of(outcome.trust, env));
    }
    boolean keep;
    synchronized (this) {
      keep = stopped && keepCheckpoint;
    }
    if (!keep) {
      // Completed or stopped by the user: a rerun must start a new run, not continue this one.
      checkpoints.delete();
    }
    synchronized (this) {
      setStatus(current.with(ok || stopped ? TrainingStatus.State.FINISHED
          : TrainingStatus.State.FAILED, message));
    }
    post(true);
    return current();
  }

  /** "; recovered from 3 non-finite steps (…)" when the run had to recover, else "". */
  static String recovery(TrainingResult r) {
    if (r.nonFiniteSteps() == 0) {
      // Finite trouble (an explosion or collapse) recovers by rolling back, too.
      return r.rollbacks() == 0 ? "" : String.format(Locale.ROOT, "; recovered from exploding"
          + " steps (learning rate backed off, %d rollback%s)", r.rollbacks(),
          r.rollbacks() == 1 ? "" : "s");
    }
    return String.format(Locale.ROOT, "; recovered from %d non-finite step%s (skipped, learning"
        + " rate backed off%s)", r.nonFiniteSteps(), r.nonFiniteSteps() == 1 ? "" : "s",
        r.rollbacks() > 0 ? ", " + r.rollbacks() + " rollback" + (r.rollbacks() == 1 ? "" : "s")
            : "");
  }

  private void progress(int epoch, long step, ProgressSink sink, boolean force) {
    synchronized (this) {
      setStatusQuietly(current.progress(epoch, current.totalEpochs(), step, current.totalSteps()));
    }
    if (post(force)) {
      sink.onProgress(current());
    }
  }

  private void waitForResume() {
    try {
      wait();
    } catch (InterruptedException e) {
      // WorkManager interrupts a worker it stops: treat it as the user pressing Stop.
      Thread.currentThread().interrupt();
      stopRequested = true;
    }
  }

  /** Posts status and charts at most every 100 ms unless forced; true when it posted. */
  private boolean post(boolean force) {
    long now = System.nanoTime();
    synchronized (this) {
      if (!force && now - lastPost < POST_INTERVAL_NANOS) {
        return false;
      }
      lastPost = now;
      status.postValue(current);
    }
    snapshots.postValue(charts.snapshot(CHART_POINTS));
    return true;
  }

  private void setStatus(TrainingStatus s) {
    current = s;
    status.postValue(s);
  }

  private void setStatusQuietly(TrainingStatus s) {
    current = s;
  }
}
