package org.snaptune.training;

import android.app.Activity;
import android.content.Context;
import android.os.Looper;
import androidx.work.Configuration;
import androidx.work.impl.WorkManagerImpl;
import androidx.work.impl.utils.taskexecutor.WorkManagerTaskExecutor;
import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.robolectric.Shadows;
import org.snaptune.AppServices;
import org.snaptune.SnapTuneApplication;
import org.snaptune.data.Dataset;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.isolation.HostTrial;
import org.snaptune.models.ModelSource;
import org.snaptune.personalise.TrainingController;
import org.snaptune.runtime.SignatureRunner;
import org.snaptune.runtime.SignatureRunnerFactory;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.storage.SqliteSampleRepository;
import org.snaptune.storage.TrainedHeadStore;
import org.snaptune.store.HeadStore;

/** Shared pieces of the training-screen tests: stored samples, environments, screenshots. */
final class TrainingFixtures {

  static final int DIM = 32;
  static final String DB = "training-test.db";

  private TrainingFixtures() {}

  /**
   * Fills the camera screen's real SQLite store with {@code perClass} samples for each class: noisy
   * embeddings around a class centre, so a linear head can learn them.
   */
  static float[][] storeSamples(Context context, int perClass, String... classes) {
    return storeSamples(context, perClass, 1, classes);
  }

  /** As above, with every fourth sample multiplied by {@code corruptScale} (corrupted rows). */
  static float[][] storeSamples(Context context, int perClass, float corruptScale,
      String... classes) {
    Random r = new Random(11);
    float[][] centres = new float[classes.length][DIM];
    SqliteSampleRepository repo = new SqliteSampleRepository(context, DB, DIM);
    try {
      for (int c = 0; c < classes.length; c++) {
        for (int d = 0; d < DIM; d++) {
          centres[c][d] = (float) r.nextGaussian() * 2f;
        }
        long id = repo.createClass(classes[c]).id();
        for (int i = 0; i < perClass; i++) {
          float[] e = new float[DIM];
          for (int d = 0; d < DIM; d++) {
            e[d] = (centres[c][d] + (float) r.nextGaussian() * 0.5f)
                * (i % 4 == 0 ? corruptScale : 1f);
          }
          repo.addSample(id, e, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2}, 1000L + i);
        }
      }
    } finally {
      repo.close();
    }
    return centres;
  }

  /** A test environment over the SQLite store, the host runtime and a store in the app's files. */
  static final class Env implements TrainingController.Environment {
    final Context context;
    final TrainingSettings settings;
    final SignatureRunnerFactory factory;
    final HeadStore heads;

    Env(Context context, TrainingSettings settings, SignatureRunnerFactory factory) {
      this.context = context;
      this.settings = settings;
      this.factory = factory;
      this.heads = new HeadStore(new File(context.getFilesDir(), "personal"));
    }

    /** Sample ids of the rows of the last load, as the phone's environment keeps them. */
    private List<Long> rowIds;

    @Override
    public Dataset loadSamples() {
      SqliteSampleRepository repo = new SqliteSampleRepository(context, DB, DIM);
      try {
        List<org.snaptune.data.Sample> samples = repo.samples();
        List<Long> ids = new java.util.ArrayList<>();
        for (org.snaptune.data.Sample s : samples) {
          ids.add(Long.parseLong(s.id()));
        }
        rowIds = ids;
        return Dataset.fromSamples(repo.classNames(), DIM, samples);
      } finally {
        repo.close();
      }
    }

    @Override
    public byte[] thumbnail(int row) {
      SqliteSampleRepository repo = new SqliteSampleRepository(context, DB, DIM);
      try {
        return repo.thumbnail(rowIds.get(row));
      } finally {
        repo.close();
      }
    }

    @Override
    public SignatureRunnerFactory runnerFactory() { return factory; }

    @Override
    public TrainingSettings settings() { return settings; }

    @Override
    public HeadStore heads() { return heads; }

    /** The camera's view of the saved head, on the host runtime. */
    TrainedHeadStore headSource() {
      return new TrainedHeadStore(heads, HostSignatureRunner.factory(), 1);
    }

    @Override
    public File checkpointFile() {
      return new File(context.getNoBackupFilesDir(), "training.ckpt");
    }
  }

  private static final ModelSource NO_BACKBONE = ModelSource.absent("no backbone");

  /**
   * Installs a new app container (as a new process would have) whose training runs in {@code env}
   * on the host runtime, and returns its training controller.
   */
  static TrainingController install(Context context, Env env) {
    AppServices services = AppServices.builder()
        .setRunnerFactory(HostSignatureRunner.factory())
        .setBackbone(NO_BACKBONE)
        .optBackgroundExecutor(Runnable::run)
        .optModelTrial(HostTrial.inProcess())
        .optTrainingEnvironment(env)
        .build();
    ((SnapTuneApplication) context.getApplicationContext()).setServices(services);
    return services.training();
  }

  /**
   * The host runtime, except that the {@code gradients} signature returns NaN loss and gradients
   * on the given call numbers (1-based): a run forced to produce non-finite steps.
   */
  static SignatureRunnerFactory poisoned(int... calls) {
    return (model, threads) -> new Poisoned(HostSignatureRunner.open(model, threads), calls);
  }

  private static final class Poisoned implements SignatureRunner {
    private final SignatureRunner real;
    private final int[] calls;
    private int gradientCalls;

    Poisoned(SignatureRunner real, int[] calls) {
      this.real = real;
      this.calls = calls;
    }

    @Override public List<String> signatureKeys() { return real.signatureKeys(); }
    @Override public List<String> inputNames(String s) { return real.inputNames(s); }
    @Override public List<String> outputNames(String s) { return real.outputNames(s); }
    @Override public int[] inputShape(String s, String i) { return real.inputShape(s, i); }
    @Override public void resizeInput(String s, String i, int[] shape) { real.resizeInput(s, i, shape); }
    @Override public void close() { real.close(); }

    @Override
    public Map<String, float[]> run(String signature, Map<String, float[]> inputs) {
      Map<String, float[]> out = real.run(signature, inputs);
      if (!"gradients".equals(signature)) {
        return out;
      }
      gradientCalls++;
      for (int c : calls) {
        if (c == gradientCalls) {
          Map<String, float[]> bad = new HashMap<>();
          for (Map.Entry<String, float[]> e : out.entrySet()) {
            float[] v = e.getValue().clone();
            v[0] = Float.NaN;
            bad.put(e.getKey(), v);
          }
          return bad;
        }
      }
      return out;
    }
  }

  /**
   * Gives this test's Application its own WorkManager (in-memory database). WorkManager keeps a
   * static instance that would otherwise outlive the previous test's Application and run the
   * worker there. Uses WorkManagerImpl, the same library-internal hook androidx.work:work-testing
   * uses; that artifact is not on the registry.
   */
  static void freshWorkManager(Context context) {
    Configuration config = new Configuration.Builder().build();
    WorkManagerImpl.setDelegate(new WorkManagerImpl(context.getApplicationContext(), config,
        new WorkManagerTaskExecutor(config.getTaskExecutor()), true));
  }

  static void idle() {
    Shadows.shadowOf(Looper.getMainLooper()).idle();
  }

  /** Waits (running main-thread work) until {@code done} holds or fails after {@code millis}. */
  static void await(String what, long millis, java.util.function.BooleanSupplier done)
      throws InterruptedException {
    await(what, millis, done, () -> "");
  }

  /** As above; {@code state} describes the situation in the timeout message. */
  static void await(String what, long millis, java.util.function.BooleanSupplier done,
      java.util.function.Supplier<Object> state) throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    while (true) {
      idle();
      if (done.getAsBoolean()) {
        return;
      }
      if (System.currentTimeMillis() > end) {
        throw new AssertionError("timed out waiting for " + what + "; now: " + state.get());
      }
      Thread.sleep(20);
    }
  }

  /**
   * Draws the whole scrollable content of the activity (not only the visible window) into
   * app/target/screenshots/NAME.png, so every chart can be checked by eye.
   */
  static File screenshot(Activity activity, String name) {
    return org.snaptune.ui.Screens.content(activity, name);
  }
}
