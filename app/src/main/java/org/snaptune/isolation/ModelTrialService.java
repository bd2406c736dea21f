package org.snaptune.isolation;

import android.app.Service;
import android.content.Intent;
import android.os.Bundle;
import android.os.Handler;
import android.os.HandlerThread;
import android.os.IBinder;
import android.os.Message;
import android.os.Messenger;
import android.os.ParcelFileDescriptor;
import android.os.RemoteException;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Runs an untrusted model once in a separate process before the app accepts it, the way browsers
 * isolate renderers: the manifest declares this service {@code android:isolatedProcess="true"}
 * in its own process, so it has no permissions and no access to the app's files, and a native
 * crash in TensorFlow Lite kills only it; {@link ModelTrialClient} then reports "this model crashes
 * TensorFlow Lite" and the import is refused.
 *
 * <p>Protocol (a {@link Messenger}; the model may be tens of MB, more than a binder transaction
 * holds, so it travels as a file descriptor): {@link #MSG_TRIAL} with {@link #KEY_MODEL} = a
 * readable {@link ParcelFileDescriptor} and {@code replyTo}; the reply is {@link #MSG_RESULT} with
 * {@link #KEY_OK} and {@link #KEY_MESSAGE}. Trials run one at a time on a worker thread.
 */
public final class ModelTrialService extends Service {

  public static final int MSG_TRIAL = 1;
  public static final int MSG_RESULT = 2;
  public static final String KEY_MODEL = "model";
  public static final String KEY_OK = "ok";
  public static final String KEY_MESSAGE = "message";
  /** Largest model read from the descriptor (the bundle reader's limit). */
  static final int MAX_MODEL_BYTES = 64 << 20;

  private static volatile ModelTrialRunner runner = new AndroidModelTrial();

  private HandlerThread worker;
  private Messenger messenger;

  /** Replaces the runner (tests on the JVM, where Android's TFLite cannot load). */
  static void setRunnerForTests(ModelTrialRunner r) {
    runner = r == null ? new AndroidModelTrial() : r;
  }

  @Override
  public void onCreate() {
    super.onCreate();
    worker = new HandlerThread("model-trial");
    worker.start();
    messenger = new Messenger(new Handler(worker.getLooper(), this::handle));
  }

  @Override
  public IBinder onBind(Intent intent) {
    return messenger.getBinder();
  }

  @Override
  public void onDestroy() {
    worker.quitSafely();
    super.onDestroy();
  }

  private boolean handle(Message msg) {
    if (msg.what != MSG_TRIAL || msg.replyTo == null) {
      return false;
    }
    Bundle reply = new Bundle();
    ParcelFileDescriptor fd = msg.getData().getParcelable(KEY_MODEL);
    try {
      byte[] model = read(fd);
      reply.putString(KEY_MESSAGE, runner.run(model));
      reply.putBoolean(KEY_OK, true);
    } catch (IllegalArgumentException | IllegalStateException | IOException e) {
      reply.putBoolean(KEY_OK, false);
      reply.putString(KEY_MESSAGE, String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      // Whatever else goes wrong, the client gets an answer instead of waiting for its timeout.
      reply.putBoolean(KEY_OK, false);
      reply.putString(KEY_MESSAGE, "the model trial failed: " + e);
    }
    Message answer = Message.obtain(null, MSG_RESULT);
    answer.setData(reply);
    try {
      msg.replyTo.send(answer);
    } catch (RemoteException e) {
      // The client went away; nobody is waiting for this answer.
      return true;
    }
    return true;
  }

  private static byte[] read(ParcelFileDescriptor fd) throws IOException {
    if (fd == null) {
      throw new IllegalArgumentException("no model was sent");
    }
    try {
      // The stream is not closed: the descriptor is the ParcelFileDescriptor's, closed below.
      InputStream in = new FileInputStream(fd.getFileDescriptor());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        if (out.size() + n > MAX_MODEL_BYTES) {
          throw new IllegalArgumentException("the model is larger than " + MAX_MODEL_BYTES
              + " bytes");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } finally {
      closeQuietly(fd);
    }
  }

  /** Closes our copy of a received descriptor; failing to close it cannot change a verdict. */
  static void closeQuietly(ParcelFileDescriptor fd) {
    try {
      fd.close();
    } catch (IOException | RuntimeException e) {
      // Nothing to recover: the bytes were read (or the read failed and is reported).
      return;
    }
  }
}
