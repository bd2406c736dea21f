package org.snaptune.personalise;

import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import java.io.File;
import java.io.IOException;
import java.util.List;
import org.snaptune.chart.TrainingCharts;
import org.snaptune.data.Dataset;
import org.snaptune.health.EpochReport;
import org.snaptune.health.StepReport;
import org.snaptune.prototype.HeadFitter;
import org.snaptune.prototype.TrainingPlan;
import org.snaptune.session.ResumableRun;
import org.snaptune.session.RunControl;
import org.snaptune.session.RunMessages;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.store.HeadStore;
import org.snaptune.train.TrainingListener;
import org.snaptune.train.TrainingResult;

/**
 * The process's single training run: the worker thread drives it with {@link #runBlocking}, the
 * screen observes {@link #status()} and {@link #charts()} and calls {@link #pause()},
 * {@link #resume()} and {@link #stop()} from the UI thread. The app container builds the one
 * instance ({@code AppServices.training()}); because it lives as long as the process, not the
 * activity, training and its charts survive leaving the screen and rotation.
 *
 * <p>A thin LiveData bridge: the run itself, its checkpoint after every epoch (to
 * {@link Environment#checkpointFile()}, so that WorkManager's rerun after process death continues
 * the same run) and its end messages live in core's {@link ResumableRun}; pause/resume/stop
 * requests in its {@link RunControl}.
 *
 * <p>Thread-safe: state changes are synchronized on this object, the pause gate is the
 * {@link RunControl}'s, and LiveData values are posted.
 */
public final class TrainingController {

  /** What a run needs; {@link AndroidTrainingEnvironment} on the phone, tests supply their own. */
  public interface Environment {
    /** The stored samples (blocks; called on the worker thread). */
    Dataset loadSamples() throws IOException;

    org.snaptune.runtime.SignatureRunnerFactory runnerFactory();

    TrainingSettings settings();

    HeadStore heads();

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

  private static final long POST_INTERVAL_NANOS = 100_000_000L;
  private static final int CHART_POINTS = 600;

  private final TrainingCharts charts = new TrainingCharts();
  private final MutableLiveData<TrainingStatus> status =
      new MutableLiveData<>(TrainingStatus.idle());
  private final MutableLiveData<TrainingCharts.Snapshot> snapshots =
      new MutableLiveData<>(charts.snapshot(CHART_POINTS));
  /** The trust report of the classifier the last finished run put in use; null before. */
  private final MutableLiveData<TrustState> trust = new MutableLiveData<>(null);
  private final Environment environment;
  private TrainingStatus current = TrainingStatus.idle();
  /** The run's pause/resume/stop requests; the worker thread waits on it while paused. */
  private final RunControl control = new RunControl();
  private long lastPost;

  public TrainingController(Environment environment) {
    if (environment == null) {
      throw new IllegalArgumentException("TrainingController needs an environment");
    }
    this.environment = environment;
  }

  /** What runs use: samples, runtime, settings, head store, checkpoint file. */
  public Environment environment() {
    return environment;
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
    control.reset();
    setStatus(current.with(TrainingStatus.State.PREPARING, "Starting…").progress(0, 0, 0, 0));
    return true;
  }

  /** Pauses before the next step; the worker stays alive and keeps its notification. */
  public synchronized void pause() {
    if (current.state() == TrainingStatus.State.RUNNING && control.pause()) {
      setStatus(current.with(TrainingStatus.State.PAUSED, "Paused"));
    }
  }

  public synchronized void resume() {
    if (control.resume()) {
      setStatus(current.with(TrainingStatus.State.RUNNING, "Training"));
    }
  }

  /** Ends the run after the current step; the weights so far are kept. */
  public synchronized void stop() {
    stop(false);
  }

  private void stop(boolean bySystem) {
    if (current.isActive()) {
      control.stop(bySystem);
      setStatus(current.with(TrainingStatus.State.STOPPING, "Stopping…"));
    }
  }

  /**
   * Ends the run like {@link #stop()} but keeps its checkpoint: the system stopped the worker
   * (quota, constraints) and WorkManager will rerun it, which then continues where this ended.
   */
  public synchronized void stopBySystem() {
    stop(true);
  }

  /** Marks a run that could not even start (for example the worker failed to enqueue). */
  public synchronized void fail(String message) {
    setStatus(current.with(TrainingStatus.State.FAILED, message));
  }

  /**
   * Runs one training to its end on the calling (worker) thread: loads samples, builds the
   * {@link ResumableRun} (which continues from this run's checkpoint if the process died mid-run),
   * trains with pause/stop honoured between steps, saves the head when the run produced usable
   * weights. Never throws: failures end in FAILED with a one-line reason.
   */
  public TrainingStatus runBlocking(ProgressSink sink) {
    Environment env = environment;
    synchronized (this) {
      if (!current.isActive()) {
        // Restarted by WorkManager after the process died: a new status; the run itself
        // continues from its checkpoint when there is one (see ResumableRun).
        requestStart();
      }
    }
    charts.clear();
    post(true);
    try {
      return train(env, sink);
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        setStatus(current.with(TrainingStatus.State.FAILED, RunMessages.failed(e)));
      }
      post(true);
      return current();
    }
  }

  private TrainingStatus train(Environment env, ProgressSink sink) throws IOException {
    Dataset data = env.loadSamples();
    TrainingListener progress = new TrainingListener() {
      @Override
      public void onStep(StepReport r) {
        progress(r.epoch() - 1, r.step(), sink, false);
      }

      @Override
      public void onEpoch(EpochReport r) {
        progress(r.epoch(), r.steps(), sink, true);
      }
    };
    try (ResumableRun run = ResumableRun.builder().setSettings(env.settings()).setData(data)
        .setRunnerFactory(env.runnerFactory()).setCheckpointFile(env.checkpointFile().toPath())
        .optCharts(charts).optListener(progress).build()) {
      synchronized (this) {
        setStatus(current.with(TrainingStatus.State.RUNNING, "Training" + run.resumeNote())
            .progress(run.epochsDone(), run.config().epochs(), run.resumedSteps(),
                run.config().maxSteps()));
      }
      boolean stopped = run.run(control, () -> {
        post(true);
        sink.onProgress(current());
      }, e -> {
        synchronized (this) {
          setStatusQuietly(current.with(current.state(),
              RunMessages.checkpointNotSaved(e.getMessage())));
        }
      });
      return finish(run, stopped, env, data, sink);
    }
  }

  private TrainingStatus finish(ResumableRun run, boolean stopped, Environment env, Dataset data,
      ProgressSink sink) throws IOException {
    TrainingResult result = run.result();
    List<String> classes = data.classNames();
    byte[] trained = run.trainedHead(stopped);
    String message;
    if (stopped) {
      if (trained != null) {
        env.heads().save(trained, classes);
      }
      message = RunMessages.stopped(run.epochsDone(), trained != null);
    } else if (result.status() == TrainingResult.Status.DIVERGED) {
      message = RunMessages.diverged(result);
    } else if (trained == null) {
      message = RunMessages.failed(result);
    } else {
      TrainingPlan plan = run.plan();
      synchronized (this) {
        setStatus(current.with(TrainingStatus.State.RUNNING,
            RunMessages.comparing(plan.hasValidation())));
      }
      post(true);
      float[] onValidation = plan.hasValidation()
          ? run.trainer().head().predict(plan.validation()) : null;
      HeadDecision.Outcome outcome = HeadDecision.apply(plan, data, onValidation,
          new HeadFitter(env.runnerFactory(), env.settings().threads()), trained, classes,
          env.heads(), () -> control.awaitGo(() -> {
            post(true);
            sink.onProgress(current());
          }));
      message = RunMessages.done(result, outcome.message);
      trust.postValue(TrustState.of(outcome.trust, env));
    }
    run.endCheckpoint(stopped && control.keepCheckpoint());
    synchronized (this) {
      setStatus(current.with(trained != null || stopped ? TrainingStatus.State.FINISHED
          : TrainingStatus.State.FAILED, message));
    }
    post(true);
    return current();
  }

  private void progress(int epoch, long step, ProgressSink sink, boolean force) {
    synchronized (this) {
      setStatusQuietly(current.progress(epoch, current.totalEpochs(), step, current.totalSteps()));
    }
    if (post(force)) {
      sink.onProgress(current());
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
