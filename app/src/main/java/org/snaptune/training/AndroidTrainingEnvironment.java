package org.snaptune.training;

import android.content.Context;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.snaptune.AppServices;
import org.snaptune.SnapTuneApplication;
import org.snaptune.models.BackboneStore;
import org.snaptune.data.Dataset;
import org.snaptune.data.Sample;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.runtime.SignatureRunnerFactory;
import org.snaptune.samples.SqliteSampleRepository;
import org.snaptune.settings.SettingsStore;
import org.snaptune.settings.TrainingSettings;

/**
 * The phone's training environment: samples from the camera screen's SQLite store, the app
 * container's TFLite runtime (the head always runs on the CPU), the saved settings, the app's
 * trained-head store and a checkpoint file in the no-backup files dir. Thread-safe; every method
 * reads afresh, except that {@link #thumbnail} refers to the rows of the last load.
 */
public final class AndroidTrainingEnvironment implements TrainingController.Environment {

  private final Context app;
  /** Sample id of every row of the last {@link #loadSamples()}; null before. */
  private volatile List<Long> rowIds;
  private volatile int embeddingSize = 1;

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
      List<Sample> samples = repo.samples();
      List<Long> ids = new ArrayList<>();
      for (Sample s : samples) {
        ids.add(Long.parseLong(s.id()));
      }
      Dataset data = Dataset.fromSamples(repo.classNames(), dim, samples);
      rowIds = ids;
      embeddingSize = dim;
      return data;
    } finally {
      repo.close();
    }
  }

  @Override
  public byte[] thumbnail(int row) {
    List<Long> ids = rowIds;
    if (ids == null || row < 0 || row >= ids.size()) {
      return null;
    }
    SqliteSampleRepository repo =
        new SqliteSampleRepository(app, SqliteSampleRepository.DEFAULT_NAME, embeddingSize);
    try {
      return repo.thumbnail(ids.get(row));
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
