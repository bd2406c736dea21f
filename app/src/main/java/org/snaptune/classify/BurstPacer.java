package org.snaptune.classify;

/**
 * Decides which camera frames become samples: a tap takes the next frame; a held class takes its
 * first frame and then one per {@link #INTERVAL_NANOS} of frames. The slots of a burst lie on a
 * fixed grid from its first frame, so the camera's frame jitter does not stretch the intervals
 * (a frame up to half a frame period early serves the next slot), and two samples are never
 * closer than the interval less half a frame period. A hold of length L thus stores
 * 1 + ⌊L / interval⌋ samples whatever the frame rate, as long as frames come faster than samples.
 *
 * <p>A frame already in the backbone when the hold is released was seen while the finger was
 * down, so it still counts ({@link #frameStarted} marks frames entering the pipeline).
 *
 * <p>Requests ({@link #tap}, {@link #hold}, {@link #release}) may come from any thread;
 * {@link #frameStarted} and {@link #onFrame} from the camera thread only.
 */
final class BurstPacer {

  /** A burst stores one sample when it starts and one per this interval while held. */
  static final long INTERVAL_NANOS = 150_000_000L;

  private volatile long classId = -1;
  private volatile boolean burst;
  private volatile boolean starting;
  /** Frames that entered the pipeline; written by the camera thread, read by release(). */
  private volatile long started;
  /** The burst's class and the last started frame that may still serve it after a release. */
  private volatile long graceClass = -1;
  private volatile long graceUntil;
  // Camera thread only:
  private long lastCapture;
  private long burstStart;
  private int taken;
  private long lastFrame;
  private double framePeriod;

  /** The next frame becomes a sample of {@code id}. */
  void tap(long id) {
    burst = false;
    classId = id;
  }

  /** Frames become samples of {@code id} until {@link #release()}. */
  void hold(long id) {
    starting = true;
    burst = true;
    classId = id;
  }

  /** Ends a hold (and drops a tap that has not met a frame yet). */
  void release() {
    if (burst) {
      graceUntil = started;
      graceClass = classId;
    }
    burst = false;
    classId = -1;
  }

  /** A camera frame enters the pipeline (before its classification); returns its number. */
  long frameStarted() {
    return ++started;
  }

  /**
   * Called for every classified frame.
   *
   * @param frame the number {@link #frameStarted} gave it (0: not counted)
   * @return the class the frame is a sample of, or -1
   */
  long onFrame(long now, long frame) {
    if (lastFrame != 0 && now > lastFrame) {
      long d = now - lastFrame;
      framePeriod = framePeriod == 0 ? d : 0.8 * framePeriod + 0.2 * d;
    }
    lastFrame = now;
    long id = classId;
    boolean isBurst = burst;
    if (id < 0 && graceClass >= 0 && frame > 0 && frame <= graceUntil) {
      id = graceClass; // in the backbone when the finger lifted: still part of the hold
      isBurst = true;
    }
    if (frame == 0 || frame >= graceUntil) {
      graceClass = -1;
    }
    if (id < 0) {
      return -1;
    }
    if (starting) {
      starting = false; // the first frame of a burst is always taken
      burstStart = now;
      taken = 0;
    } else if (isBurst) {
      long half = (long) (framePeriod / 2);
      long owed = 1 + (now - burstStart + half) / INTERVAL_NANOS;
      if (taken >= owed || now - lastCapture <= INTERVAL_NANOS - half) {
        return -1;
      }
    }
    taken++;
    lastCapture = now;
    if (!isBurst) {
      classId = -1;
    }
    return id;
  }
}
