package org.snaptune.journey;

import android.content.Context;
import android.view.TextureView;
import java.util.ArrayList;
import java.util.List;
import org.snaptune.camera.CameraSource;
import org.snaptune.camera.CameraSourceFactory;
import org.snaptune.image.Yuv420Frame;

/**
 * A camera that behaves like a phone's: once opened, it delivers frames on its own thread at a
 * steady rate until closed, whatever the test's main thread is doing (pressing, waiting, idling),
 * and drops a frame when the listener is still busy with the previous one, as Camera2 does. The
 * test chooses what it films with {@link #show}. Timestamps are {@link System#nanoTime()}.
 * Thread-safe.
 */
final class StreamingCamera implements CameraSource {

  /** Makes streaming cameras that film the same {@link Scene}. */
  static final class Factory implements CameraSourceFactory {
    private final Scene scene;
    private final int fps;
    private final List<StreamingCamera> made = new ArrayList<>();

    Factory(Scene scene, int fps) {
      this.scene = scene;
      this.fps = fps;
    }

    @Override
    public boolean hasCamera(Context context) {
      return true;
    }

    @Override
    public synchronized CameraSource create(Context context, TextureView preview) {
      StreamingCamera c = new StreamingCamera(scene, fps);
      made.add(c);
      return c;
    }

    synchronized StreamingCamera latest() {
      return made.isEmpty() ? null : made.get(made.size() - 1);
    }
  }

  /**
   * What the camera films: a picture, or a sequence of pictures shown one per frame (a person
   * moving the phone over different examples), with a number that changes with every show.
   */
  static final class Scene {
    private List<Yuv420Frame> frames = new ArrayList<>();
    private int next;
    private long version;

    synchronized void show(Yuv420Frame picture) {
      show(java.util.Collections.singletonList(picture));
    }

    synchronized void show(List<Yuv420Frame> pictures) {
      frames = new ArrayList<>(pictures);
      next = 0;
      version++;
    }

    /** The next picture to film, or null before the first show. */
    synchronized Yuv420Frame frame() {
      if (frames.isEmpty()) {
        return null;
      }
      Yuv420Frame f = frames.get(next % frames.size());
      next++;
      return f;
    }

    synchronized long version() {
      return version;
    }
  }

  /** One delivered frame: when it was taken and which scene version it showed. */
  static final class Delivery {
    final long timestampNanos;
    final long sceneVersion;

    Delivery(long timestampNanos, long sceneVersion) {
      this.timestampNanos = timestampNanos;
      this.sceneVersion = sceneVersion;
    }
  }

  private final Scene scene;
  private final long periodNanos;
  private final List<Delivery> delivered = new ArrayList<>();
  private Thread thread;
  private volatile boolean running;

  private StreamingCamera(Scene scene, int fps) {
    this.scene = scene;
    this.periodNanos = 1_000_000_000L / fps;
  }

  @Override
  public synchronized void open(Listener frames) {
    if (thread != null) {
      throw new IllegalStateException("already open");
    }
    running = true;
    thread = new Thread(() -> stream(frames), "streaming-camera");
    thread.setDaemon(true);
    thread.start();
  }

  private void stream(Listener frames) {
    long next = System.nanoTime();
    while (running) {
      long now = System.nanoTime();
      if (now < next) {
        try {
          Thread.sleep((next - now) / 1_000_000L, (int) ((next - now) % 1_000_000L));
        } catch (InterruptedException e) {
          return;
        }
        continue;
      }
      // A slot missed while the listener was busy is dropped, not delivered late.
      next += periodNanos * Math.max(1, (now - next) / periodNanos + 1);
      Yuv420Frame frame;
      long version;
      synchronized (scene) {
        frame = scene.frame();
        version = scene.version();
      }
      if (frame == null) {
        continue;
      }
      long t = System.nanoTime();
      frames.onFrame(frame, 90, t);
      synchronized (this) {
        delivered.add(new Delivery(t, version));
      }
    }
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
    }
    if (t != null) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Frames delivered (and fully handled by the listener) so far. */
  synchronized List<Delivery> delivered() {
    return new ArrayList<>(delivered);
  }

  /** Frames of scene version {@code version} handled so far. */
  synchronized int deliveredOf(long version) {
    int n = 0;
    for (Delivery d : delivered) {
      n += d.sceneVersion == version ? 1 : 0;
    }
    return n;
  }

  /** Nanoseconds between the first and the last handled frame of scene {@code version}. */
  synchronized long spanOf(long version) {
    long first = -1;
    long last = -1;
    for (Delivery d : delivered) {
      if (d.sceneVersion == version) {
        first = first < 0 ? d.timestampNanos : first;
        last = d.timestampNanos;
      }
    }
    return first < 0 ? 0 : last - first;
  }

  @Override
  public String describe() {
    return "streaming test camera";
  }

  @Override
  public boolean drawsPreview() {
    return false;
  }
}
