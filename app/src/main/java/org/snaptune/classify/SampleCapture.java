package org.snaptune.classify;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.snaptune.samples.SampleRepository;
import org.snaptune.samples.Thumbnails;
import org.snaptune.vision.FrameClassifier;

/**
 * Turns the frame a tap or a burst asked for into a stored sample: copies the classifier's last
 * embedding and crop on the camera thread (the next frame overwrites them), then writes the
 * sample with a JPEG thumbnail on the background executor and reports the outcome. Thread-safe;
 * {@link #store} must run while the caller holds the classifier (its pipeline lock).
 */
final class SampleCapture {

  private final Executor background;
  private final Runnable onStored;
  private final Consumer<String> onFailure;
  private final AtomicInteger stored = new AtomicInteger();

  /**
   * @param onStored runs on {@code background} after each stored sample
   * @param onFailure gets a sentence saying why a sample was not stored (on {@code background})
   */
  SampleCapture(Executor background, Runnable onStored, Consumer<String> onFailure) {
    this.background = background;
    this.onStored = onStored;
    this.onFailure = onFailure;
  }

  /** Stores the frame {@code classifier} just classified as a sample of {@code classId}. */
  void store(FrameClassifier classifier, SampleRepository repo, long classId) {
    float[] embedding = new float[classifier.embeddingSize()];
    classifier.copyLastEmbedding(embedding);
    int width = classifier.backbone().info().inputSpec().width();
    int height = classifier.backbone().info().inputSpec().height();
    int[] pixels = new int[width * height];
    classifier.copyLastCrop(pixels);
    background.execute(() -> {
      try {
        repo.addSample(classId, embedding, Thumbnails.jpeg(pixels, width, height),
            System.currentTimeMillis());
        stored.incrementAndGet();
        onStored.run();
      } catch (RuntimeException e) {
        onFailure.accept("Cannot store the sample: " + e.getMessage());
      }
    });
  }

  /** Samples stored since this screen's ViewModel was created. */
  int stored() {
    return stored.get();
  }
}
