package org.snaptune.camera;

import android.content.Context;
import android.view.TextureView;
import java.util.ArrayList;
import java.util.List;
import org.snaptune.image.Yuv420Frame;

/**
 * A camera for tests: the test feeds known frames, delivered synchronously on the calling thread
 * exactly as a camera thread would deliver them. The factory records every source it made so tests
 * can check that the screen opens the camera in onResume and closes it in onPause.
 */
public final class FakeCameraSource implements CameraSource {

  /** Makes fake sources; {@code hasCamera} false gives the screen's "no camera" state. */
  public static final class Factory implements CameraSourceFactory {
    private final boolean hasCamera;
    private final List<FakeCameraSource> made = new ArrayList<>();

    public Factory(boolean hasCamera) {
      this.hasCamera = hasCamera;
    }

    @Override
    public boolean hasCamera(Context context) {
      return hasCamera;
    }

    @Override
    public synchronized CameraSource create(Context context, TextureView preview) {
      FakeCameraSource s = new FakeCameraSource();
      made.add(s);
      return s;
    }

    /** The most recently created source, or null. */
    public synchronized FakeCameraSource latest() {
      return made.isEmpty() ? null : made.get(made.size() - 1);
    }

    public synchronized int created() {
      return made.size();
    }
  }

  private Listener listener;
  private boolean closed;

  @Override
  public synchronized void open(Listener frames) {
    if (listener != null) {
      throw new IllegalStateException("already open");
    }
    listener = frames;
  }

  @Override
  public synchronized void close() {
    listener = null;
    closed = true;
  }

  public synchronized boolean isOpen() {
    return listener != null;
  }

  public synchronized boolean wasClosed() {
    return closed;
  }

  /** Delivers one frame if the source is open; returns whether it was delivered. */
  public boolean feed(Yuv420Frame frame, int rotationDegrees, long timestampNanos) {
    Listener l;
    synchronized (this) {
      l = listener;
    }
    if (l == null) {
      return false;
    }
    l.onFrame(frame, rotationDegrees, timestampNanos);
    return true;
  }

  @Override
  public String describe() {
    return "fake camera";
  }

  @Override
  public boolean drawsPreview() {
    return false;
  }
}
