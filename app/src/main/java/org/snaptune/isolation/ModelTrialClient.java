package org.snaptune.isolation;

import android.content.ComponentName;
import android.content.Context;
import android.content.Intent;
import android.content.ServiceConnection;
import android.os.Bundle;
import android.os.Handler;
import android.os.IBinder;
import android.os.Looper;
import android.os.Message;
import android.os.Messenger;
import android.os.ParcelFileDescriptor;
import android.os.RemoteException;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Asks {@link ModelTrialService} (an isolated process) to load and run a model file once, and
 * turns what happens into a {@link Result}: accepted, refused with the runtime's reason, crashed
 * (the trial process died: the model crashes TensorFlow Lite) or timed out. Import, download and
 * bundle import call it before they accept a model that did not come from SnapTune's own compiler
 * or the pinned download. Callbacks arrive on the main thread; {@link #checkBlocking} is for
 * worker threads. Thread-safe; each check binds its own connection and unbinds when done.
 */
public final class ModelTrialClient {

  /** Default limit for one trial: a large backbone loads and runs once in a few seconds. */
  public static final long DEFAULT_TIMEOUT_MS = 60_000;

  /** What the trial found. Immutable. */
  public static final class Result {
    /** How the trial ended. */
    public enum Outcome { ACCEPTED, REFUSED, CRASHED, TIMED_OUT }

    private final Outcome outcome;
    private final String message;

    Result(Outcome outcome, String message) {
      this.outcome = outcome;
      this.message = message;
    }

    public Outcome outcome() { return outcome; }

    /** One line for the user: the runtime's summary or why the model was not accepted. */
    public String message() { return message; }

    public boolean accepted() { return outcome == Outcome.ACCEPTED; }

    @Override
    public String toString() {
      return outcome + ": " + message;
    }
  }

  /** Receives the result of one check, on the main thread. */
  public interface Callback {
    void onResult(Result result);
  }

  private final Context context;
  private final long timeoutMs;

  public ModelTrialClient(Context context, long timeoutMs) {
    if (context == null || timeoutMs < 1) {
      throw new IllegalArgumentException("context must be non-null and timeoutMs >= 1, got "
          + context + ", " + timeoutMs);
    }
    this.context = context.getApplicationContext() != null ? context.getApplicationContext()
        : context;
    this.timeoutMs = timeoutMs;
  }

  /** Starts a trial of {@code model}; {@code callback} is called exactly once. */
  public void check(File model, Callback callback) {
    new Session(model, callback).start();
  }

  /**
   * Runs a trial and waits for it. Never call it on the main thread (the answer arrives there).
   */
  public Result checkBlocking(File model) throws InterruptedException {
    if (Looper.myLooper() == Looper.getMainLooper()) {
      throw new IllegalStateException("checkBlocking would deadlock on the main thread");
    }
    CountDownLatch done = new CountDownLatch(1);
    Result[] out = new Result[1];
    new Handler(Looper.getMainLooper()).post(() -> check(model, r -> {
      out[0] = r;
      done.countDown();
    }));
    if (!done.await(timeoutMs + 5_000, TimeUnit.MILLISECONDS)) {
      return new Result(Result.Outcome.TIMED_OUT, "the model trial did not answer");
    }
    return out[0];
  }

  /** One bind, one request, one answer. Confined to the main thread. */
  private final class Session implements ServiceConnection, IBinder.DeathRecipient {
    private final File model;
    private final Callback callback;
    private final Handler main = new Handler(Looper.getMainLooper(), this::onReply);
    private boolean bound;
    private boolean finished;
    private IBinder binder;
    private ParcelFileDescriptor fd;

    Session(File model, Callback callback) {
      this.model = model;
      this.callback = callback;
    }

    void start() {
      if (model == null || !model.isFile()) {
        finish(new Result(Result.Outcome.REFUSED, "model file " + model + " does not exist"));
        return;
      }
      Intent intent = new Intent(context, ModelTrialService.class);
      bound = context.bindService(intent, this, Context.BIND_AUTO_CREATE);
      if (!bound) {
        finish(new Result(Result.Outcome.REFUSED, "the model trial service cannot be started"));
        return;
      }
      main.postDelayed(() -> finish(new Result(Result.Outcome.TIMED_OUT, "the model did not"
          + " finish one run in " + timeoutMs / 1000 + " s; it was not accepted")), timeoutMs);
    }

    @Override
    public void onServiceConnected(ComponentName name, IBinder service) {
      binder = service;
      try {
        service.linkToDeath(this, 0);
      } catch (RemoteException e) {
        crashed();
        return;
      }
      Message msg = Message.obtain(null, ModelTrialService.MSG_TRIAL);
      msg.replyTo = new Messenger(main);
      Bundle data = new Bundle();
      try {
        // Kept open until the answer: in-process (tests) the service reads this very object.
        fd = ParcelFileDescriptor.open(model, ParcelFileDescriptor.MODE_READ_ONLY);
        data.putParcelable(ModelTrialService.KEY_MODEL, fd);
        msg.setData(data);
        new Messenger(service).send(msg);
      } catch (IOException e) {
        finish(new Result(Result.Outcome.REFUSED, "cannot read " + model + ": " + e.getMessage()));
      } catch (RemoteException e) {
        crashed();
      }
    }

    private boolean onReply(Message msg) {
      if (msg.what != ModelTrialService.MSG_RESULT) {
        return false;
      }
      Bundle b = msg.getData();
      boolean ok = b.getBoolean(ModelTrialService.KEY_OK, false);
      String m = b.getString(ModelTrialService.KEY_MESSAGE, "");
      finish(new Result(ok ? Result.Outcome.ACCEPTED : Result.Outcome.REFUSED, m));
      return true;
    }

    @Override
    public void onServiceDisconnected(ComponentName name) {
      crashed();
    }

    @Override
    public void binderDied() {
      main.post(this::crashed);
    }

    private void crashed() {
      finish(new Result(Result.Outcome.CRASHED, "this model crashes TensorFlow Lite (its trial"
          + " process died); it was not accepted"));
    }

    private void finish(Result r) {
      if (finished) {
        return;
      }
      finished = true;
      main.removeCallbacksAndMessages(null);
      if (binder != null) {
        binder.unlinkToDeath(this, 0);
      }
      if (bound) {
        context.unbindService(this);
        bound = false;
      }
      if (fd != null) {
        ModelTrialService.closeQuietly(fd);
      }
      callback.onResult(r);
    }
  }
}
