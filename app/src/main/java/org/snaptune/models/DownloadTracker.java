package org.snaptune.models;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The state of this process's backbone download, shared by the background work that runs it and
 * every camera screen that shows it, so a screen that is left, rotated or opened again shows the
 * download where it is. Held by the app container; thread-safe (listeners are called on the
 * thread that changed the state and must not block).
 */
public final class DownloadTracker {

  /** Where the download stands. */
  public enum Kind {
    /** Nothing started in this process. */
    IDLE,
    /** Running; see {@link Status#progress()}. */
    RUNNING,
    /** Finished: the model is stored. */
    DONE,
    /** Failed; see {@link Status#message()}. Retry is possible. */
    FAILED,
    /** Cancelled by the user; nothing was stored. */
    CANCELLED
  }

  /** One immutable snapshot. */
  public static final class Status {
    private final Kind kind;
    private final float progress;
    private final String message;
    private final long sequence;

    Status(Kind kind, float progress, String message, long sequence) {
      this.kind = kind;
      this.progress = progress;
      this.message = message;
      this.sequence = sequence;
    }

    public Kind kind() { return kind; }
    /** In [0, 1] while running, or -1 when the size is not known yet. */
    public float progress() { return progress; }
    /** What went wrong (FAILED), else null. */
    public String message() { return message; }
    /** Increases with every change; tells a listener which DONE it has already handled. */
    public long sequence() { return sequence; }
  }

  /** Receives every change. */
  public interface Listener {
    void onChange(Status status);
  }

  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean cancel = new AtomicBoolean();
  private Status status = new Status(Kind.IDLE, -1, null, 0);

  public synchronized Status status() {
    return status;
  }

  /** Marks a download as started; false when one is already running. */
  public boolean begin() {
    synchronized (this) {
      if (status.kind == Kind.RUNNING) {
        return false;
      }
      cancel.set(false);
    }
    set(Kind.RUNNING, -1, null);
    return true;
  }

  /** Polled by the download between reads. */
  public AtomicBoolean cancelFlag() {
    return cancel;
  }

  public void requestCancel() {
    cancel.set(true);
  }

  void progress(long bytes, long total) {
    set(Kind.RUNNING, total > 0 ? Math.min(1f, (float) bytes / total) : -1, null);
  }

  void done() {
    set(Kind.DONE, 1, null);
  }

  public void fail(String message) {
    set(Kind.FAILED, -1, message);
  }

  void cancelled() {
    set(Kind.CANCELLED, -1, null);
  }

  public void addListener(Listener l) {
    listeners.add(l);
  }

  public void removeListener(Listener l) {
    listeners.remove(l);
  }

  private void set(Kind kind, float progress, String message) {
    Status next;
    synchronized (this) {
      next = new Status(kind, progress, message, status.sequence + 1);
      status = next;
    }
    for (Listener l : listeners) {
      l.onChange(next);
    }
  }
}
