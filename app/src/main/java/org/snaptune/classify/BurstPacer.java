package org.snaptune.classify;

/**
 * Decides which camera frames become samples: a tap takes the next frame; a held class takes its
 * first frame and then one per {@link #INTERVAL_NANOS} of frames. The slots of a burst lie on a
 * fixed grid from its first frame, so the camera's frame jitter does not stretch the intervals
 * (a frame up to half a frame period early serves the next slot), and two samples are never
 * closer than the interval less half a frame period. A hold of length L thus stores
 * 1 + ⌊L / interval⌋ samples whatever the frame rate, as long as frames come faster than samples.
 *
 * <p>Requests ({@link #tap}, {@link #hold}, {@link #release}) may come from any thread;
 * {@link #onFrame} from the camera thread only.
 */
final class BurstPacer {

  /** A burst stores one sample when it starts and one per this interval while held. */
  static final long INTERVAL_NANOS = 150_000_000L;

  private volatile long classId = -1;
  private volatile boolean burst;
  private volatile boolean starting;
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
    burst = false;
    classId = -1;
  }

  /**
   * Called for every classified frame.
   *
   * @return the class the frame is a sample of, or -1
   */
  long onFrame(long now) {
    if (lastFrame != 0 && now > lastFrame) {
      long d = now - lastFrame;
      framePeriod = framePeriod == 0 ? d : 0.8 * framePeriod + 0.2 * d;
    }
    lastFrame = now;
    long id = classId;
    if (id < 0) {
      return -1;
    }
    boolean isBurst = burst;
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
