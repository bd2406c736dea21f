package org.snaptune.models;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.snaptune.store.BackboneStore;

/**
 * One backbone download, start to end: fetch, check, store, and report every step to the
 * {@link DownloadTracker} in words a person can act on. Run by {@link BackboneDownloadWorker} on
 * the phone (and directly by tests). Stateless; blocks the calling thread.
 */
public final class BackboneDownload {

  private BackboneDownload() {}

  /** Runs the download; never throws (every failure becomes a FAILED status). */
  public static void run(BackboneStore store, DownloadTracker tracker) {
    try {
      store.download(tracker::progress, tracker.cancelFlag());
      tracker.done();
    } catch (UnknownHostException e) {
      tracker.fail("You seem to be offline (" + e.getMessage() + " is unreachable). Connect and"
          + " retry, or import a .tflite file.");
    } catch (ConnectException | NoRouteToHostException | SocketTimeoutException e) {
      // Checked before InterruptedIOException: a timeout is one, but means "no network", not
      // "cancelled".
      tracker.fail("You seem to be offline: the download server cannot be reached ("
          + e.getMessage() + "). Connect and retry, or import a .tflite file.");
    } catch (InterruptedIOException e) {
      tracker.cancelled();
    } catch (SSLException e) {
      tracker.fail("The download server's HTTPS certificate is not trusted (" + e.getMessage()
          + "). Retry on another network, or import a .tflite file.");
    } catch (IOException | RuntimeException e) {
      tracker.fail("Download failed: " + e.getMessage() + ". Nothing was stored; retry, or import"
          + " a .tflite file.");
    }
  }
}
