package org.snaptune.journey;

import static org.junit.Assume.assumeTrue;

import android.app.Activity;
import android.content.Context;
import android.os.Looper;
import android.view.View;
import android.widget.TextView;
import androidx.work.Configuration;
import androidx.work.impl.WorkManagerImpl;
import androidx.work.impl.utils.taskexecutor.WorkManagerTaskExecutor;
import java.io.File;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.robolectric.Shadows;
import org.snaptune.models.ModelSource;

/** Shared pieces of the journey tests: waiting, draining, screenshots, WorkManager, files. */
final class Kit {

  private Kit() {}

  /** A build without an embedded backbone (or labels): what README's build command makes. */
  static final ModelSource NO_BACKBONE = ModelSource.absent("no embedded backbone");

  static File models() {
    return new File(System.getProperty("snaptune.shared.models", "../../shared/models"));
  }

  /** A shared model file; the test is skipped where the shared models are absent. */
  static File shared(String name) {
    File f = new File(models(), name);
    assumeTrue("shared models absent: " + f, f.isFile());
    return f;
  }

  static void idle() {
    Shadows.shadowOf(Looper.getMainLooper()).idle();
  }

  /**
   * Runs main-thread work until {@code done} holds; fails after {@code millis} saying why. The
   * UI clock moves with real time meanwhile (see {@link #live}).
   */
  static void await(String what, long millis, BooleanSupplier done, Supplier<Object> now)
      throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    long last = System.nanoTime();
    while (true) {
      long t = System.nanoTime();
      Shadows.shadowOf(Looper.getMainLooper()).idleFor(Duration.ofNanos(t - last));
      last = t;
      if (done.getAsBoolean()) {
        return;
      }
      if (System.currentTimeMillis() > end) {
        throw new AssertionError("timed out after " + millis + " ms waiting for " + what
            + "; now: " + now.get());
      }
      Thread.sleep(10);
    }
  }

  /**
   * Lets {@code millis} of real time pass with the main thread responsive, moving the UI clock
   * (Robolectric's paused looper) along with it: posted work runs, and delayed work (a tap's
   * press state, the long-press timeout) fires when it would on a phone.
   */
  static void live(long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000L;
    long last = System.nanoTime();
    while (true) {
      long t = System.nanoTime();
      Shadows.shadowOf(Looper.getMainLooper()).idleFor(Duration.ofNanos(t - last));
      last = t;
      if (t >= end) {
        return;
      }
      Thread.sleep(5);
    }
  }

  /** Waits until everything submitted to {@code executor} so far has run. */
  static void drain(ExecutorService executor) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    executor.execute(done::countDown);
    if (!done.await(180, TimeUnit.SECONDS)) {
      throw new AssertionError("background executor did not drain in 180 s");
    }
    idle();
  }

  /**
   * Gives this test's Application its own WorkManager (in-memory database, real threads), as
   * the training tests do: WorkManager's static instance would otherwise outlive the previous
   * test's Application.
   */
  static void freshWorkManager(Context context) {
    Configuration config = new Configuration.Builder().build();
    WorkManagerImpl.setDelegate(new WorkManagerImpl(context.getApplicationContext(), config,
        new WorkManagerTaskExecutor(config.getTaskExecutor()), true));
  }

  static String text(Activity a, int id) {
    View v = a.findViewById(id);
    return v instanceof TextView && v.getVisibility() == View.VISIBLE
        ? ((TextView) v).getText().toString() : "";
  }

  /** Draws the activity's window into app/target/screenshots/journey/NAME.png. */
  static File screenshot(Activity activity, String name) {
    return org.snaptune.ui.Screens.window(activity, "journey/" + name);
  }

  /**
   * Forgets FileProvider's static cache of path roots. It is keyed by authority only, so in a
   * test JVM it still holds the data directory of an earlier test's Application and refuses this
   * test's files ("Failed to find configured root"); a phone has one data directory.
   */
  static void forgetFileProviderRoots() {
    try {
      java.lang.reflect.Field cache =
          androidx.core.content.FileProvider.class.getDeclaredField("sCache");
      cache.setAccessible(true);
      synchronized (cache.get(null)) {
        ((java.util.Map<?, ?>) cache.get(null)).clear();
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("FileProvider changed: no sCache to reset", e);
    }
  }

  /** Deletes a directory tree (app data wiped from the system's settings). */
  static void wipe(File f) {
    File[] children = f.listFiles();
    if (children != null) {
      for (File c : children) {
        wipe(c);
      }
    }
    if (f.exists() && !f.delete()) {
      throw new AssertionError("cannot delete " + f);
    }
  }
}
