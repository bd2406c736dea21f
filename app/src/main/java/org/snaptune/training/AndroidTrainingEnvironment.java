package org.snaptune.training;

import android.content.Context;
import java.io.File;
import java.io.IOException;
import org.snaptune.AppServices;
import org.snaptune.SnapTuneApplication;
import org.snaptune.classify.BackboneStore;
import org.snaptune.data.Dataset;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.runtime.SignatureRunnerFactory;
import org.snaptune.samples.SqliteSampleRepository;
import org.snaptune.settings.SettingsStore;
import org.snaptune.settings.TrainingSettings;

/**
 * The phone's training environment: samples from the camera screen's SQLite store, the app
 * container's TFLite runtime (the head always runs on the CPU), the saved settings, the app's
 * trained-head store and a checkpoint file in the no-backup files dir. Thread-safe; every method
 * reads afresh.
 */
public final class AndroidTrainingEnvironment implements TrainingController.Environment {

  private final Context app;

  public AndroidTrainingEnvironment(Context context) {
    this.app = context.getApplicationContext();
  }

  /** The app's trained-head store (also the camera screen's head source). */
  public static TrainedHeadStore heads(Context context) {
    AppServices services = SnapTuneApplication.services(context);
    return new TrainedHeadStore(new File(context.getApplicationContext().getFilesDir(), "personal"),
        services.runnerFactory(), services.numThreads());
  }

  /** Where the backbone lives: embedded by the build, else downloaded or imported. */
  public static BackboneStore backbones(Context context) {
    return new BackboneStore(SnapTuneApplication.services(context).backbone(), null,
        new File(context.getApplicationContext().getFilesDir(), "models"));
  }

  @Override
  public Dataset loadSamples() throws IOException {
    BackboneStore.Loaded backbone = backbones(app).read();
    if (backbone == null) {
      throw new IllegalArgumentException(
          "no backbone yet: download or import one on the camera screen first");
    }
    int dim = BackboneAdapter.adapt(backbone.bytes()).info().embeddingSize();
    SqliteSampleRepository repo =
        new SqliteSampleRepository(app, SqliteSampleRepository.DEFAULT_NAME, dim);
    try {
      return Dataset.fromStore(repo);
    } finally {
      repo.close();
    }
  }

  @Override
  public SignatureRunnerFactory runnerFactory() {
    return SnapTuneApplication.services(app).runnerFactory();
  }

  @Override
  public TrainingSettings settings() {
    return new SettingsStore(app).load();
  }

  @Override
  public TrainedHeadStore heads() {
    return heads(app);
  }

  @Override
  public File checkpointFile() {
    return new File(app.getNoBackupFilesDir(), "training.ckpt");
  }
}
