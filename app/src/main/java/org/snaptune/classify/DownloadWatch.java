package org.snaptune.classify;

import java.util.function.Consumer;
import org.snaptune.models.DownloadTracker;

/**
 * The camera screen's view of the backbone download, which runs as background work and reports
 * to the process's {@link DownloadTracker}: starts and cancels it, and passes on each change,
 * with a finished download announced once (a recreated screen does not reload for a download it
 * already saw finish). Thread-safe; callbacks come on the thread that reports to the tracker.
 */
final class DownloadWatch implements AutoCloseable {

  private final DownloadTracker tracker;
  private final Runnable start;
  private final Runnable onDownloaded;
  private final Consumer<DownloadTracker.Status> onChange;
  private final DownloadTracker.Listener listener = this::changed;
  private long handled;

  /**
   * @param start starts the download as background work that reports to {@code tracker}
   * @param onDownloaded runs once per download that finishes after this watch began
   * @param onChange gets progress, failure and cancellation
   */
  DownloadWatch(DownloadTracker tracker, Runnable start, Runnable onDownloaded,
      Consumer<DownloadTracker.Status> onChange) {
    this.tracker = tracker;
    this.start = start;
    this.onDownloaded = onDownloaded;
    this.onChange = onChange;
    DownloadTracker.Status now = tracker.status();
    handled = now.kind() == DownloadTracker.Kind.DONE ? now.sequence() : 0;
    tracker.addListener(listener);
  }

  /** The download's state now. */
  DownloadTracker.Status status() {
    return tracker.status();
  }

  /** Starts the download unless one is running; it goes on when the screen is left. */
  void start() {
    if (tracker.begin()) {
      start.run();
    }
  }

  /** Stops a running download. */
  void cancel() {
    tracker.requestCancel();
  }

  private void changed(DownloadTracker.Status d) {
    if (d.kind() == DownloadTracker.Kind.DONE) {
      synchronized (this) {
        if (d.sequence() <= handled) {
          return;
        }
        handled = d.sequence();
      }
      onDownloaded.run();
    } else if (d.kind() != DownloadTracker.Kind.IDLE) {
      onChange.accept(d);
    }
  }

  /** Stops listening; idempotent. */
  @Override
  public void close() {
    tracker.removeListener(listener);
  }
}
