package org.snaptune.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.snaptune.chart.TrainingCharts;
import org.snaptune.checkpoint.Checkpoint;
import org.snaptune.checkpoint.CheckpointStore;
import org.snaptune.data.Dataset;
import org.snaptune.data.SampleChecks;
import org.snaptune.health.EpochReport;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.prototype.TrainingPlan;
import org.snaptune.runtime.SignatureRunner;
import org.snaptune.runtime.SignatureRunnerFactory;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.train.Trainer;
import org.snaptune.train.TrainerConfig;
import org.snaptune.train.TrainingListener;
import org.snaptune.train.TrainingListeners;
import org.snaptune.train.TrainingResult;

/**
 * One training run that survives process death: the plan for the samples and settings, a
 * compiled head and its {@link Trainer}, and a checkpoint written after every epoch and tagged
 * with the run's {@link RunFingerprint}. Building it continues from the checkpoint when that
 * belongs to this very run (same head, classes, training settings and samples) and starts afresh
 * otherwise; {@link #resumeNote()} says which, and why.
 *
 * <p>Use: build, {@link #run} (honours a {@link RunControl} between steps), then
 * {@link #trainedHead} and {@link #endCheckpoint}. Not thread-safe: one thread drives it (the
 * control is the only thing other threads touch). Owns the runner it opens and closes it in
 * {@link #close()} (idempotent); does not own the listeners, charts or checkpoint file.
 */
public final class ResumableRun implements AutoCloseable {

  private final TrainingPlan plan;
  private final HeadSpec spec;
  private final TrainerConfig config;
  private final CheckpointStore checkpoints;
  private final double fingerprint;
  private final SignatureRunner runner;
  private final Trainer trainer;
  private final StringBuilder resumeNote = new StringBuilder();
  private int epochsDone;
  private long stepsDone;
  private boolean epochEnded;
  private boolean closed;

  private ResumableRun(Builder b) {
    // Refuses empty classes, a single class and duplicates before anything is trained, so the
    // head in use stays untouched.
    SampleChecks.requireTrainable(b.data);
    plan = TrainingPlan.of(b.settings, b.data, b.seed);
    if (b.charts != null) {
      b.charts.setValidation(plan.hasValidation());
    }
    spec = plan.headSpec().build();
    byte[] model = HeadCompiler.compile(spec);
    config = plan.trainerConfig().optWeightStatsEvery(b.weightStatsEvery).build();
    checkpoints = new CheckpointStore(b.checkpointFile);
    fingerprint = RunFingerprint.of(b.settings, b.data);
    TrainingListener epochs = new TrainingListener() {
      @Override
      public void onEpoch(EpochReport r) {
        if (b.charts != null && plan.hasValidation()) {
          b.charts.setEvaluation(ResumableRun.this.trainer.head().evaluate(plan.validation()));
        }
        epochsDone = r.epoch();
        // Checkpointed by run() once the step returns, not from inside the trainer's step.
        epochEnded = true;
      }
    };
    List<TrainingListener> all = new ArrayList<>();
    all.add(b.charts);
    all.add(epochs);
    all.addAll(b.listeners);
    List<String> classes = b.data.classNames();
    runner = b.runnerFactory.open(model, b.settings.threads());
    try {
      trainer = new Trainer(runner, classes, config, TrainingListeners.of(all));
      trainer.start(plan.train(), plan.validation());
      Checkpoint restored = restore(classes);
      epochsDone = restored == null ? 0 : (int) restored.state("epoch", 0);
      stepsDone = restored == null ? 0 : (long) restored.state("steps", 0);
    } catch (RuntimeException | Error e) {
      runner.close();
      throw e;
    }
  }

  public static Builder builder() { return new Builder(); }

  public TrainingPlan plan() { return plan; }

  public TrainerConfig config() { return config; }

  public Trainer trainer() { return trainer; }

  /**
   * What the user should know about the start, appended to "Training": "" for a fresh start,
   * " (resumed after epoch 3, step 120)", or why a saved checkpoint was ignored.
   */
  public String resumeNote() { return resumeNote.toString(); }

  /** Epochs finished so far, counting those before a resume. */
  public int epochsDone() { return epochsDone; }

  /** Steps taken before this process continued the run (0 for a fresh start). */
  public long resumedSteps() { return stepsDone; }

  /**
   * Steps until the run ends or {@code control} asks it to stop, checkpointing after every epoch.
   * While paused, calls {@code whilePaused} before each wait. A checkpoint that cannot be written
   * is handed to {@code checkpointFailed} and training goes on: only a restart after process
   * death would lose progress. Returns true when the run was stopped before its end.
   */
  public boolean run(RunControl control, Runnable whilePaused,
      Consumer<IOException> checkpointFailed) {
    while (control.awaitGo(whilePaused)) {
      if (!trainer.step()) {
        return false;
      }
      if (epochEnded) {
        epochEnded = false;
        try {
          saveCheckpoint();
        } catch (IOException e) {
          checkpointFailed.accept(e);
        }
      }
    }
    return true;
  }

  /** The run's result; null until it ended (see {@link Trainer#result()}). */
  public TrainingResult result() { return trainer.result(); }

  /**
   * The trained head as a model, or null when the run produced nothing worth keeping: a stopped
   * run before its first epoch ended, a failed run, or a diverged one (collapsed or diverged
   * weights are useless even when finite).
   */
  public byte[] trainedHead(boolean stopped) {
    TrainingResult result = trainer.result();
    boolean usable = stopped ? epochsDone > 0 : result != null && !result.failed()
        && result.status() != TrainingResult.Status.DIVERGED;
    if (!usable) {
      return null;
    }
    return HeadCompiler.compile(
        spec.toBuilder().optInitialWeights(trainer.head().getWeights()).build());
  }

  /**
   * Deletes the checkpoint unless {@code keep} (the system stopped the run and will rerun it): a
   * completed run or one the user stopped must not be continued by the next start.
   */
  public void endCheckpoint(boolean keep) throws IOException {
    if (!keep) {
      checkpoints.delete();
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      runner.close();
    }
  }

  /** Restores the started trainer from this run's checkpoint and returns it, or null. */
  private Checkpoint restore(List<String> classes) {
    if (!Files.exists(checkpoints.file()) && !Files.exists(checkpoints.previousFile())) {
      return null;
    }
    CheckpointStore.LoadResult loaded = checkpoints.load();
    Checkpoint c = loaded.checkpoint();
    if (c == null) {
      resumeNote.append(RunMessages.checkpointUnreadable(loaded.problems()));
      return null;
    }
    try {
      // Checked before the fingerprint so that a changed class list or head is named as such.
      c.requireCompatible(trainer.head().variableShapes(), classes);
    } catch (IllegalArgumentException e) {
      resumeNote.append(RunMessages.checkpointIncompatible(e.getMessage()));
      return null;
    }
    if (c.state(RunFingerprint.STATE_KEY, Double.NaN) != fingerprint) {
      resumeNote.append(RunMessages.checkpointOfOtherRun());
      return null;
    }
    trainer.restore(c);
    resumeNote.append(RunMessages.resumed((int) c.state("epoch", 0), (long) c.state("steps", 0),
        loaded.usedPrevious(), loaded.problems()));
    return c;
  }

  private void saveCheckpoint() throws IOException {
    Checkpoint c = trainer.checkpoint();
    Map<String, Double> state = new LinkedHashMap<>(c.state());
    state.put(RunFingerprint.STATE_KEY, fingerprint);
    checkpoints.save(c.withState(state));
  }

  /**
   * Builds a run: settings, samples, runner factory and checkpoint file required; charts,
   * listeners (told every event after the charts), seed (1) and weight-statistics interval
   * (every 10th step: each measurement costs two {@code get_weights} calls) optional.
   */
  public static final class Builder {
    private TrainingSettings settings;
    private Dataset data;
    private SignatureRunnerFactory runnerFactory;
    private Path checkpointFile;
    private TrainingCharts charts;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private long seed = 1L;
    private int weightStatsEvery = 10;

    private Builder() {}

    public Builder setSettings(TrainingSettings s) { this.settings = s; return this; }

    public Builder setData(Dataset d) { this.data = d; return this; }

    public Builder setRunnerFactory(SignatureRunnerFactory f) { this.runnerFactory = f; return this; }

    public Builder setCheckpointFile(Path p) { this.checkpointFile = p; return this; }

    public Builder optCharts(TrainingCharts c) { this.charts = c; return this; }

    public Builder optListener(TrainingListener l) { this.listeners.add(l); return this; }

    public Builder optSeed(long s) { this.seed = s; return this; }

    public Builder optWeightStatsEvery(int n) { this.weightStatsEvery = n; return this; }

    /**
     * Plans, compiles, opens the runner and restores the checkpoint when it is this run's.
     *
     * @throws IllegalArgumentException when a required part is missing or the samples cannot be
     *     trained (names what is wrong)
     */
    public ResumableRun build() {
      if (settings == null || data == null || runnerFactory == null || checkpointFile == null) {
        throw new IllegalArgumentException("settings, data, runner factory and checkpoint file"
            + " are required");
      }
      if (weightStatsEvery < 0) {
        throw new IllegalArgumentException("weight statistics interval must be >= 0 (0 = never),"
            + " was " + weightStatsEvery);
      }
      return new ResumableRun(this);
    }
  }
}
