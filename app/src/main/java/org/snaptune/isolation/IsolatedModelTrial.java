package org.snaptune.isolation;

import android.content.Context;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import org.snaptune.store.ModelTrial;

/**
 * The phone's {@link ModelTrial}: {@link ModelTrialClient#checkBlocking} in
 * {@link ModelTrialService}'s isolated process, so a model that crashes TensorFlow Lite is refused
 * instead of taking the app down. Thread-safe; blocks, so never call it on the main thread.
 */
public final class IsolatedModelTrial implements ModelTrial {

  private final ModelTrialClient client;

  public IsolatedModelTrial(Context context, long timeoutMs) {
    this.client = new ModelTrialClient(context, timeoutMs);
  }

  @Override
  public void check(File model) throws IOException {
    ModelTrialClient.Result r;
    try {
      r = client.checkBlocking(model);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("the model trial was interrupted");
    }
    if (!r.accepted()) {
      throw new IllegalArgumentException(r.message());
    }
  }
}
