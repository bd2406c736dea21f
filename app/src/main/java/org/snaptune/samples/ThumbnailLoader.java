package org.snaptune.samples;

import android.graphics.Bitmap;
import android.util.LruCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decodes sample thumbnails when the grid binds them, off the main thread, and keeps the most
 * recent ones in a cache bounded in bytes (a grid of hundreds of samples never holds them all).
 * Requests for a picture already being decoded share that decode.
 *
 * <p>Main thread only (requests and deliveries); reading and decoding run on the background
 * executor. Holds no Context or View; a listener is held only until its picture is delivered.
 */
final class ThumbnailLoader {

  /** Roughly 30 decoded 224x224 thumbnails: more than a phone screen shows at once. */
  static final int DEFAULT_CACHE_BYTES = 6 * 1024 * 1024;

  private final Supplier<? extends SampleRepository> repository;
  private final Executor background;
  private final Executor mainThread;
  private final LruCache<Long, Bitmap> cache;
  private final Map<Long, List<Consumer<Bitmap>>> pending = new HashMap<>();
  private int decodes;

  ThumbnailLoader(Supplier<? extends SampleRepository> repository, Executor background,
      Executor mainThread, int cacheBytes) {
    if (cacheBytes < 1) {
      throw new IllegalArgumentException("cacheBytes must be >= 1, got " + cacheBytes);
    }
    this.repository = repository;
    this.background = background;
    this.mainThread = mainThread;
    this.cache = new LruCache<Long, Bitmap>(cacheBytes) {
      @Override
      protected int sizeOf(Long key, Bitmap value) {
        return value.getAllocationByteCount();
      }
    };
  }

  /** The cached picture of this sample, or null if it must be loaded first. */
  Bitmap cached(long sampleId) {
    return cache.get(sampleId);
  }

  /**
   * Delivers the sample's picture to {@code onLoaded} on the main thread (null when the stored
   * bytes are not an image). Decodes at most once per sample at a time.
   */
  void load(long sampleId, Consumer<Bitmap> onLoaded) {
    Bitmap hit = cache.get(sampleId);
    if (hit != null) {
      onLoaded.accept(hit);
      return;
    }
    List<Consumer<Bitmap>> waiting = pending.get(sampleId);
    if (waiting != null) {
      waiting.add(onLoaded);
      return;
    }
    waiting = new ArrayList<>();
    waiting.add(onLoaded);
    pending.put(sampleId, waiting);
    decodes++;
    background.execute(() -> {
      Bitmap bitmap;
      try {
        byte[] bytes = repository.get().thumbnail(sampleId);
        bitmap = bytes == null ? null : Thumbnails.decode(bytes);
      } catch (RuntimeException gone) {
        // The sample was deleted meanwhile (or the database is gone): show nothing.
        bitmap = null;
      }
      Bitmap result = bitmap;
      mainThread.execute(() -> deliver(sampleId, result));
    });
  }

  private void deliver(long sampleId, Bitmap bitmap) {
    if (bitmap != null) {
      cache.put(sampleId, bitmap);
    }
    List<Consumer<Bitmap>> waiting = pending.remove(sampleId);
    if (waiting != null) {
      for (Consumer<Bitmap> c : waiting) {
        c.accept(bitmap);
      }
    }
  }

  /** Drops the listeners of pictures still loading (their views are gone); the cache stays. */
  void forgetListeners() {
    for (List<Consumer<Bitmap>> waiting : pending.values()) {
      waiting.clear();
    }
  }

  /** Bytes the cache holds now (at most the bound given). */
  int cachedBytes() {
    return cache.size();
  }

  /** How many decodes were started (tests: a cached or pending picture is not decoded again). */
  int decodes() {
    return decodes;
  }
}
