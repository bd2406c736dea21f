package org.snaptune.storage;

import org.snaptune.models.HeadSource;
import org.snaptune.runtime.SignatureRunnerFactory;
import org.snaptune.store.HeadStore;

/**
 * The camera screen's {@link HeadSource} over core's {@link HeadStore}: opens the saved head with
 * the container's runtime when it fits the backbone in use. Thread-safe (the store is).
 */
public final class TrainedHeadStore implements HeadSource {

  private final HeadStore files;
  private final SignatureRunnerFactory factory;
  private final int threads;

  public TrainedHeadStore(HeadStore files, SignatureRunnerFactory factory, int threads) {
    if (files == null || factory == null || threads < 1) {
      throw new IllegalArgumentException("TrainedHeadStore needs a head store, a runner factory"
          + " and at least one thread");
    }
    this.files = files;
    this.factory = factory;
    this.threads = threads;
  }

  /** The files behind this source. */
  public HeadStore files() {
    return files;
  }

  @Override
  public Head load(int embeddingSize) {
    HeadStore.Saved saved = files.readFor(embeddingSize);
    return saved == null ? null : new Head(factory.open(saved.head(), threads), saved.labels());
  }
}
