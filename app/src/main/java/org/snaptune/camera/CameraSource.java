package org.snaptune.camera;

import org.snaptune.image.Yuv420Frame;

/**
 * Where camera frames come from: {@link Camera2Source} on the phone, a source that feeds known
 * frames in tests. The screen opens it in onResume and closes it in onPause.
 *
 * <p>Threading: {@link #open} and {@link #close} are called on the main thread; frames arrive on
 * the source's own background thread, one at a time, latest frame only (a frame that arrives while
 * the listener is busy replaces any older one). A source owns its camera and thread; close() is
 * idempotent and, once it returns, no more callbacks come.
 */
public interface CameraSource {

  /** Receives frames and errors. */
  interface Listener {
    /**
     * A new frame, valid only during this call (its planes are reused for the next one).
     *
     * @param rotationDegrees clockwise rotation that makes the frame upright on screen
     */
    void onFrame(Yuv420Frame frame, int rotationDegrees, long timestampNanos);

    /** The camera failed or was taken away; says why, for people. Any thread. */
    void onError(String message);
  }

  /** Starts delivering frames to {@code listener}. @throws IllegalStateException if open */
  void open(Listener listener);

  /** Stops frames and releases the camera; idempotent. */
  void close();

  /** For the UI and logs, e.g. "back camera 640x480". */
  String describe();

  /**
   * Whether the source draws a live picture into the preview it was given; when not (a source fed
   * with frames), the screen shows the backbone's view of the frames in its place.
   */
  default boolean drawsPreview() {
    return true;
  }
}
