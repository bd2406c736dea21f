package org.snaptune;

import android.content.Context;
import androidx.work.Configuration;
import androidx.work.WorkManager;
import java.io.File;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.snaptune.camera.Camera2Source;
import org.snaptune.camera.CameraSourceFactory;
import org.snaptune.isolation.IsolatedModelTrial;
import org.snaptune.isolation.ModelTrialClient;
import org.snaptune.models.AssetModelSource;
import org.snaptune.models.DownloadTracker;
import org.snaptune.models.HeadSource;
import org.snaptune.models.ModelSource;
import org.snaptune.personalise.AndroidTrainingEnvironment;
import org.snaptune.personalise.BundleTransfer;
import org.snaptune.personalise.TrainingController;
import org.snaptune.runtime.SignatureRunnerFactory;
import org.snaptune.storage.SampleDatabase;
import org.snaptune.storage.SettingsStore;
import org.snaptune.storage.SqliteSampleRepository;
import org.snaptune.storage.TrainedHeadStore;
import org.snaptune.store.BackboneStore;
import org.snaptune.store.HeadStore;
import org.snaptune.store.ModelTrial;
import org.snaptune.tflite.AndroidSignatureRunnerFactory;
import org.snaptune.tflite.TfliteBackboneRunner;
import org.snaptune.vision.BackboneRunnerFactory;
import org.snaptune.vision.DownloadConfig;

/**
 * The app-wide dependency container, held by {@link SnapTuneApplication}: the only place the app's
 * long-lived objects are built, each once. Screens, workers and ViewModel factories get their
 * collaborators from here, never by constructing them, so tests can swap in the host TFLite runtime,
 * a model file, a synchronous executor, an in-process model trial or a training environment with
 * {@link SnapTuneApplication#setServices}.
 *
 * <p>It owns the process's shared state that outlives a screen: the backbone download's
 * {@link DownloadTracker}, the {@link SampleDatabase}, the {@link BackboneStore} (which adapts each
 * backbone once), the trained-head {@link HeadStore} and its camera {@link HeadSource}, the one
 * {@link TrainingController} and the {@link BundleTransfer}. Those need the application's
 * directories, so they are built on first use after {@link SnapTuneApplication} attached its
 * context. Thread-safe; its settings are immutable; {@link #close()} closes the sample database.
 */
public final class AppServices implements AutoCloseable {

  /** The asset name under which the build embeds the backbone model. */
  public static final String BACKBONE_ASSET = "backbone.tflite";

  /** The asset under which the build embeds the backbone's ImageNet labels (-Dsnaptune.labels). */
  public static final String IMAGENET_LABELS_ASSET = "imagenet_labels.txt";

  private final SignatureRunnerFactory runnerFactory;
  private final ModelSource backbone;
  private final Executor background;
  private final int numThreads;
  // Camera screen: backbone runtime, frames, trained head, ImageNet labels.
  private final BackboneRunnerFactory backboneRunnerFactory;
  private final CameraSourceFactory cameraSourceFactory;
  private final HeadSource headSource;
  private final ModelSource imagenetLabels;
  private final DownloadConfig downloadConfig;
  private final DownloadTracker downloads = new DownloadTracker();
  private final ModelTrial trialOverride;
  private final TrainingController.Environment environmentOverride;
  // Built once, on first use after attach(); guarded by this.
  private Context app;
  private SampleDatabase samples;
  private BackboneStore backbones;
  private SettingsStore settings;
  private HeadStore heads;
  private HeadSource trainedHeads;
  private ModelTrial trial;
  private TrainingController training;
  private BundleTransfer bundles;
  private boolean closed;

  private static final ModelSource NO_LABELS = ModelSource.absent("no ImageNet labels");

  private AppServices(Builder b) {
    this.runnerFactory = b.runnerFactory;
    this.backbone = b.backbone;
    this.background = b.background;
    this.numThreads = b.numThreads;
    this.backboneRunnerFactory = b.backboneRunnerFactory;
    this.cameraSourceFactory = b.cameraSourceFactory;
    this.headSource = b.headSource;
    this.imagenetLabels = b.imagenetLabels;
    this.downloadConfig = b.downloadConfig;
    this.trialOverride = b.trial;
    this.environmentOverride = b.trainingEnvironment;
  }

  /** The phone's services: TFLite on the CPU, the embedded backbone asset, one background thread. */
  public static AppServices forDevice(Context context) {
    Context app = context.getApplicationContext();
    AndroidSignatureRunnerFactory runners = new AndroidSignatureRunnerFactory();
    return builder()
        .setRunnerFactory(runners)
        .setBackbone(new AssetModelSource(app.getAssets(), BACKBONE_ASSET))
        // Camera screen: labels embedded with -Dsnaptune.labels.
        .optImagenetLabels(new AssetModelSource(app.getAssets(), IMAGENET_LABELS_ASSET))
        // Compiled GPU kernels are cached (keyed by the model's SHA-256) so a second launch
        // starts fast; the code cache is wiped with the app's updates, as such caches must be.
        .optBackboneRunnerFactory(TfliteBackboneRunner.factory(TfliteBackboneRunner.Config.builder()
            .optKernelCacheDir(new File(app.getCodeCacheDir(), "gpu-kernels")).build()))
        .optBackgroundExecutor(Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "snaptune-background");
          t.setDaemon(true);
          return t;
        }))
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Opens TFLite models (the phone runtime, or the host runtime in tests). */
  public SignatureRunnerFactory runnerFactory() {
    return runnerFactory;
  }

  /** The backbone model; {@link ModelSource#read()} returns null when none is embedded. */
  public ModelSource backbone() {
    return backbone;
  }

  /** Where model loading and other slow work runs; never the main thread. */
  public Executor background() {
    return background;
  }

  /** Opens the camera screen's backbone (TFLite with GPU delegate / XNNPACK, or the host). */
  public BackboneRunnerFactory backboneRunnerFactory() {
    return backboneRunnerFactory;
  }

  /** Makes camera sources (Camera2 on the phone, known frames in tests). */
  public CameraSourceFactory cameraSourceFactory() {
    return cameraSourceFactory;
  }

  /**
   * The trained head the camera screen classifies with, if any: the one set on the builder, else
   * the head training saved in {@link #heads()}.
   */
  public synchronized HeadSource headSource() {
    if (headSource != null) {
      return headSource;
    }
    if (trainedHeads == null) {
      trainedHeads = new TrainedHeadStore(heads(), runnerFactory, numThreads);
    }
    return trainedHeads;
  }

  /**
   * Gives the container its application context (for directories, the trial service, settings);
   * {@link SnapTuneApplication} calls it when it installs the services. Idempotent for the same
   * application.
   */
  synchronized void attach(Context context) {
    Context given = context.getApplicationContext() != null ? context.getApplicationContext()
        : context;
    if (app != null && app != given) {
      throw new IllegalStateException("these services already belong to another application");
    }
    app = given;
  }

  private Context app() {
    if (app == null) {
      throw new IllegalStateException("these services are not installed in an application yet"
          + " (SnapTuneApplication.setServices attaches them)");
    }
    return app;
  }

  /** The saved training and engine settings, in the app's preferences (one store per process). */
  public synchronized SettingsStore settings() {
    if (settings == null) {
      settings = new SettingsStore(app());
    }
    return settings;
  }

  /**
   * WorkManager for the background work (training, the backbone download), initialised with
   * defaults when its startup provider did not run (some test environments create no content
   * providers).
   */
  public synchronized WorkManager workManager() {
    try {
      return WorkManager.getInstance(app());
    } catch (IllegalStateException notInitialised) {
      WorkManager.initialize(app(), new Configuration.Builder().build());
      return WorkManager.getInstance(app());
    }
  }

  /** Runs untrusted models once in isolation before the stores accept them. */
  public synchronized ModelTrial modelTrial() {
    if (trial == null) {
      trial = trialOverride != null ? trialOverride
          : new IsolatedModelTrial(app(), ModelTrialClient.DEFAULT_TIMEOUT_MS);
    }
    return trial;
  }

  /** The backbone: embedded by the build, else downloaded or imported into the app's files. */
  public synchronized BackboneStore backbones() {
    if (backbones == null) {
      backbones = BackboneStore.builder().setEmbedded(backbone)
          .optEmbeddedLabels(imagenetLabels)
          .setDirectory(new File(app().getFilesDir(), "models"))
          .optDownload(downloadConfig)
          .setTrial(modelTrial())
          .build();
    }
    return backbones;
  }

  /** The user's trained head and the last classifier decision, in the app's files. */
  public synchronized HeadStore heads() {
    if (heads == null) {
      heads = new HeadStore(new File(app().getFilesDir(), "personal"));
    }
    return heads;
  }

  /** The process's one training run (the screen observes it, the worker drives it). */
  public synchronized TrainingController training() {
    if (training == null) {
      training = new TrainingController(environmentOverride != null ? environmentOverride
          : new AndroidTrainingEnvironment(app(), samples(), settings(), backbones(), heads(),
              runnerFactory));
    }
    return training;
  }

  /** Export and import of the personalised model as a bundle. */
  public synchronized BundleTransfer bundles() {
    if (bundles == null) {
      bundles = new BundleTransfer(backbones(), heads(), training().environment(), backbone,
          modelTrial(), new File(app().getCacheDir(), "exports"));
    }
    return bundles;
  }

  /** ImageNet labels for the embedded backbone (read() gives null when none are packaged). */
  public ModelSource imagenetLabels() {
    return imagenetLabels;
  }

  /** What the backbone download fetches (pinned HTTPS addresses) and how. */
  public DownloadConfig downloadConfig() {
    return downloadConfig;
  }

  /** The backbone download's state in this process (the work runs it, screens show it). */
  public DownloadTracker downloads() {
    return downloads;
  }

  /** The process's one sample database, opened on first use. */
  public synchronized SampleDatabase samples() {
    if (closed) {
      throw new IllegalStateException("these services are closed");
    }
    if (samples == null) {
      samples = new SampleDatabase(app(), SqliteSampleRepository.DEFAULT_NAME);
    }
    return samples;
  }

  /** Closes the sample database; idempotent. Screens still running must not use it after. */
  @Override
  public synchronized void close() {
    closed = true;
    if (samples != null) {
      samples.close();
      samples = null;
    }
  }

  /** CPU threads for interpreters. */
  public int numThreads() {
    return numThreads;
  }

  /** Builds {@link AppServices}; setX are required, optX optional. Not thread-safe. */
  public static final class Builder {
    private SignatureRunnerFactory runnerFactory;
    private ModelSource backbone;
    private Executor background;
    private int numThreads = 2;
    private BackboneRunnerFactory backboneRunnerFactory = TfliteBackboneRunner.FACTORY;
    private CameraSourceFactory cameraSourceFactory = Camera2Source.FACTORY;
    private HeadSource headSource;
    private ModelTrial trial;
    private TrainingController.Environment trainingEnvironment;
    private ModelSource imagenetLabels = NO_LABELS;
    private DownloadConfig downloadConfig = DownloadConfig.official();

    private Builder() {}

    /** Defaults to the official model over HTTPS with the platform's trust store. */
    public Builder optDownloadConfig(DownloadConfig config) {
      this.downloadConfig = config;
      return this;
    }

    /** Defaults to TFLite on the phone (GPU delegate or XNNPACK). */
    public Builder optBackboneRunnerFactory(BackboneRunnerFactory factory) {
      this.backboneRunnerFactory = factory;
      return this;
    }

    /** Defaults to the back camera through Camera2. */
    public Builder optCameraSourceFactory(CameraSourceFactory factory) {
      this.cameraSourceFactory = factory;
      return this;
    }

    /** Defaults to the head training saved in the app's files. */
    public Builder optHeadSource(HeadSource heads) {
      this.headSource = heads;
      return this;
    }

    /**
     * Defaults to {@link IsolatedModelTrial} (Android's TFLite in an isolated process); tests on
     * the JVM, where that runtime cannot load, give one backed by the host runtime.
     */
    public Builder optModelTrial(ModelTrial modelTrial) {
      this.trial = modelTrial;
      return this;
    }

    /**
     * Defaults to {@link AndroidTrainingEnvironment} over this container's samples, stores and
     * runtime; tests give prepared samples and settings.
     */
    public Builder optTrainingEnvironment(TrainingController.Environment environment) {
      this.trainingEnvironment = environment;
      return this;
    }

    /** Defaults to none (predictions are numbered until labels are downloaded). */
    public Builder optImagenetLabels(ModelSource labels) {
      this.imagenetLabels = labels;
      return this;
    }

    public Builder setRunnerFactory(SignatureRunnerFactory factory) {
      this.runnerFactory = factory;
      return this;
    }

    public Builder setBackbone(ModelSource backbone) {
      this.backbone = backbone;
      return this;
    }

    /** Defaults to a new single background thread. */
    public Builder optBackgroundExecutor(Executor executor) {
      this.background = executor;
      return this;
    }

    /** Defaults to 2. */
    public Builder optNumThreads(int threads) {
      this.numThreads = threads;
      return this;
    }

    /** @throws IllegalArgumentException naming the missing or invalid setting */
    public AppServices build() {
      if (runnerFactory == null) {
        throw new IllegalArgumentException("AppServices needs setRunnerFactory(...)");
      }
      if (backbone == null) {
        throw new IllegalArgumentException("AppServices needs setBackbone(...)");
      }
      if (numThreads < 1) {
        throw new IllegalArgumentException("numThreads must be >= 1, got " + numThreads);
      }
      if (backboneRunnerFactory == null || cameraSourceFactory == null
          || imagenetLabels == null || downloadConfig == null) {
        throw new IllegalArgumentException("AppServices: the camera screen's services must not be"
            + " null (leave them unset for the device defaults)");
      }
      if (background == null) {
        background = Executors.newSingleThreadExecutor();
      }
      return new AppServices(this);
    }
  }
}
