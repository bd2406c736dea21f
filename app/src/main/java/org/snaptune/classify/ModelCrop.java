package org.snaptune.classify;

import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import org.snaptune.vision.FrameClassifier;

/**
 * "What the model sees": the backbone's input crop of a recent frame, published a few times a
 * second (every frame would cost a bitmap per frame on the main thread). Each picture carries its
 * own size, so a backbone switch cannot pair pixels with the wrong width. {@link #offer} runs on
 * the camera thread under the caller's pipeline lock; observe on the main thread.
 */
final class ModelCrop {

  /** Minimum time between two pictures. */
  static final long INTERVAL_NANOS = 300_000_000L;

  /** One picture: ARGB pixels, row by row. Immutable once published. */
  static final class Picture {
    final int[] pixels;
    final int width;
    final int height;

    Picture(int[] pixels, int width, int height) {
      this.pixels = pixels;
      this.width = width;
      this.height = height;
    }
  }

  private final MutableLiveData<Picture> pictures = new MutableLiveData<>();
  private long last;

  LiveData<Picture> pictures() {
    return pictures;
  }

  /** Publishes the crop {@code classifier} just used, unless one was published too recently. */
  void offer(FrameClassifier classifier, long timestampNanos) {
    if (last != 0 && timestampNanos - last < INTERVAL_NANOS) {
      return;
    }
    last = timestampNanos;
    int width = classifier.backbone().info().inputSpec().width();
    int height = classifier.backbone().info().inputSpec().height();
    int[] pixels = new int[width * height];
    classifier.copyLastCrop(pixels);
    pictures.postValue(new Picture(pixels, width, height));
  }
}
