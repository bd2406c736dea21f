package org.snaptune.personalise;

import android.content.Context;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.snaptune.data.Dataset;
import org.snaptune.data.Sample;
import org.snaptune.runtime.SignatureRunnerFactory;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.storage.SampleDatabase;
import org.snaptune.storage.SettingsStore;
import org.snaptune.storage.SqliteSampleRepository;
import org.snaptune.store.BackboneStore;
import org.snaptune.store.HeadStore;

/**
 * The phone's training environment, built once by the app container: samples from the container's
 * one {@link SampleDatabase} (for the embedding size of the container's backbone, adapted once by
 * its {@link BackboneStore}), the container's TFLite runtime (the head always runs on the CPU),
 * the saved settings, the container's trained-head store and a checkpoint file in the no-backup
 * files dir. Thread-safe; every method reads afresh, except that {@link #thumbnail} refers to the
 * rows of the last load.
 */
public final class AndroidTrainingEnvironment implements TrainingController.Environment {

  private final Context app;
  private final SettingsStore settings;
  private final SampleDatabase samples;
  private final BackboneStore backbones;
  private final HeadStore heads;
  private final SignatureRunnerFactory runners;
  /** Sample id of every row of the last {@link #loadSamples()}; null before. */
  private volatile List<Long> rowIds;
  private volatile int embeddingSize = 1;

  public AndroidTrainingEnvironment(Context context, SampleDatabase samples, SettingsStore settings,
      BackboneStore backbones, HeadStore heads, SignatureRunnerFactory runners) {
    if (context == null || samples == null || settings == null || backbones == null
        || heads == null || runners == null) {
      throw new IllegalArgumentException("AndroidTrainingEnvironment needs a context, the sample"
          + " database, the backbone and head stores and a runner factory");
    }
    this.app = context.getApplicationContext();
    this.settings = settings;
    this.samples = samples;
    this.backbones = backbones;
    this.heads = heads;
    this.runners = runners;
  }

  @Override
  public Dataset loadSamples() throws IOException {
    BackboneStore.Adapted backbone = backbones.adapted();
    if (backbone == null) {
      throw new IllegalArgumentException(
          "no backbone yet: download or import one on the camera screen first");
    }
    int dim = backbone.result().info().embeddingSize();
    SqliteSampleRepository repo = samples.forEmbeddingSize(dim);
    List<Sample> stored = repo.samples();
    List<Long> ids = new ArrayList<>();
    for (Sample s : stored) {
      ids.add(Long.parseLong(s.id()));
    }
    Dataset data = Dataset.fromSamples(repo.classNames(), dim, stored);
    rowIds = ids;
    embeddingSize = dim;
    return data;
  }

  @Override
  public byte[] thumbnail(int row) {
    List<Long> ids = rowIds;
    if (ids == null || row < 0 || row >= ids.size()) {
      return null;
    }
    return samples.forEmbeddingSize(embeddingSize).thumbnail(ids.get(row));
  }

  @Override
  public SignatureRunnerFactory runnerFactory() {
    return runners;
  }

  @Override
  public TrainingSettings settings() {
    return settings.load();
  }

  @Override
  public HeadStore heads() {
    return heads;
  }

  @Override
  public File checkpointFile() {
    return new File(app.getNoBackupFilesDir(), "training.ckpt");
  }
}
