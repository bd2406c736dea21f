package org.snaptune.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.vision.BackboneRunnerChecks;

/**
 * Embeds many pictures on all requested cores: {@code workers} {@link ImageEmbedder}s, each with a
 * one-thread interpreter on its own Java thread, take pictures from a shared counter, so decoding,
 * preprocessing and inference of different pictures overlap and no core waits for another (one
 * interpreter spread over two threads synchronises after every layer and gains far less). Results
 * keep the input order.
 *
 * <p>Ownership: owns its embedders; {@link #close()} releases them (idempotent). {@link #embedAll}
 * is not reentrant: call it from one thread at a time.
 */
public final class ParallelEmbedder implements AutoCloseable {

  /** A picture to embed, loaded (decoded) on the worker that embeds it. */
  public interface Source {
    /** The upright picture; IllegalArgumentException names a picture that cannot be decoded. */
    Picture load() throws IOException;
  }

  /** ARGB pixels, row-major. */
  public static final class Picture {
    final int[] argb;
    final int width;
    final int height;

    public Picture(int[] argb, int width, int height) {
      this.argb = argb;
      this.width = width;
      this.height = height;
    }
  }

  private final List<ImageEmbedder> embedders = new ArrayList<>();
  private final String engine;
  private boolean closed;

  /**
   * @param backbone the bytes of an image classifier .tflite (adapted once here)
   * @param workers parallel workers, 1 to {@link BackboneRunnerChecks#MAX_THREADS}
   * @throws IllegalArgumentException for a bad worker count or a model that cannot be adapted
   */
  public ParallelEmbedder(byte[] backbone, int workers) {
    if (workers < 1 || workers > BackboneRunnerChecks.MAX_THREADS) {
      throw new IllegalArgumentException("--threads must be 1 to "
          + BackboneRunnerChecks.MAX_THREADS + " (one interpreter per thread), got " + workers);
    }
    BackboneAdapter.Result adapted = BackboneAdapter.adapt(backbone);
    try {
      for (int i = 0; i < workers; i++) {
        embedders.add(new ImageEmbedder(adapted, 1));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    ImageEmbedder first = embedders.get(0);
    String fallback = first.fallbackReason();
    engine = first.description() + " × " + workers + (workers == 1 ? " worker" : " workers")
        + "; " + first.engineDetail() + (fallback == null ? "" : "; " + fallback);
  }

  /** What runs the backbone, for the engine line: runtime, XNNPACK coverage, workers. */
  public String engine() {
    return engine;
  }

  /** Embedding size D. */
  public int dimension() {
    return embedders.get(0).dimension();
  }

  /**
   * The embeddings of {@code sources}, in order. If pictures fail, the error of the first failing
   * one (by position) is thrown, so the message does not depend on thread timing.
   */
  public float[][] embedAll(final List<Source> sources) throws IOException {
    if (closed) {
      throw new IllegalStateException("embedder is closed");
    }
    final float[][] out = new float[sources.size()][];
    final Exception[] errors = new Exception[sources.size()];
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger(Integer.MAX_VALUE);
    List<Thread> threads = new ArrayList<>();
    for (final ImageEmbedder e : embedders) {
      Thread t = new Thread(() -> {
        for (int i = next.getAndIncrement(); i < sources.size(); i = next.getAndIncrement()) {
          if (i > failed.get()) {
            return; // a picture before this one failed: its error is the one reported
          }
          try {
            Picture p = sources.get(i).load();
            out[i] = e.embed(p.argb, p.width, p.height);
          } catch (IOException | RuntimeException ex) {
            errors[i] = ex;
            failed.accumulateAndGet(i, Math::min);
          }
        }
      }, "embed-worker-" + threads.size());
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while embedding", ie);
      }
    }
    int f = failed.get();
    if (f != Integer.MAX_VALUE) {
      Exception ex = errors[f];
      if (ex instanceof IOException) {
        throw (IOException) ex;
      }
      throw (RuntimeException) ex;
    }
    return out;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ImageEmbedder e : embedders) {
      e.close();
    }
  }
}
