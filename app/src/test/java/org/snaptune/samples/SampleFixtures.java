package org.snaptune.samples;

import android.content.Context;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.snaptune.AppServices;
import org.snaptune.models.ModelSource;
import org.snaptune.storage.SqliteSampleRepository;

/** Stored samples with real JPEG pictures, and containers for the samples screen's tests. */
final class SampleFixtures {

  static final int DIM = 1280;
  static final int SIDE = 224;

  private SampleFixtures() {}

  /** Services whose background work runs on {@code background}; no model is ever loaded. */
  static AppServices services(Executor background) {
    return AppServices.builder()
        .setRunnerFactory((model, threads) -> {
          throw new AssertionError("the samples screen loads no model");
        })
        .setBackbone(ModelSource.absent("none"))
        .optBackgroundExecutor(background)
        .build();
  }

  /** Adds {@code count} samples to a class: upright crops as the camera stores them. */
  static void addSamples(SqliteSampleRepository repo, long classId, int count) {
    for (int i = 0; i < count; i++) {
      float[] embedding = new float[DIM];
      embedding[(int) ((classId * 31 + i) % DIM)] = 1f;
      repo.addSample(classId, embedding, Thumbnails.jpeg(picture(i), SIDE, SIDE), 1_000L + i);
    }
  }

  /** A yellow disc on blue sky over a green band; the disc moves with {@code variant}. */
  static int[] picture(int variant) {
    int[] argb = new int[SIDE * SIDE];
    int cx = 40 + (variant * 37) % (SIDE - 80);
    int cy = 60 + (variant * 23) % 50;
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        int dx = x - cx;
        int dy = y - cy;
        argb[y * SIDE + x] = dx * dx + dy * dy < 36 * 36 ? 0xffffd21e
            : y > SIDE * 2 / 3 ? 0xff2e9e44 : 0xff2a6fd6;
      }
    }
    return argb;
  }

  static SqliteSampleRepository open(Context context) {
    return new SqliteSampleRepository(context, SqliteSampleRepository.DEFAULT_NAME, DIM);
  }

  /** An executor that runs nothing until told: work "still queued" when a screen goes away. */
  static final class Queued implements Executor {
    private final Queue<Runnable> queue = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable r) {
      queue.add(r);
    }

    /** Runs everything queued, including work queued meanwhile. */
    void runAll() {
      Runnable r;
      while ((r = next()) != null) {
        r.run();
      }
    }

    private synchronized Runnable next() {
      return queue.poll();
    }

    synchronized int size() {
      return queue.size();
    }
  }
}
