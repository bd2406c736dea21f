package org.snaptune;

import android.content.Context;
import java.io.File;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.snaptune.camera.Camera2Source;
import org.snaptune.camera.CameraSourceFactory;
import org.snaptune.models.AssetModelSource;
import org.snaptune.models.BackboneStore;
import org.snaptune.models.DownloadConfig;
import org.snaptune.models.DownloadTracker;
import org.snaptune.models.HeadSource;
import org.snaptune.models.ModelSource;
import org.snaptune.runtime.SignatureRunnerFactory;
import org.snaptune.samples.SampleDatabase;
import org.snaptune.samples.SqliteSampleRepository;
import org.snaptune.tflite.AndroidSignatureRunnerFactory;
import org.snaptune.tflite.TfliteBackboneRunner;
import org.snaptune.training.TrainedHeadStore;
import org.snaptune.vision.BackboneRunnerFactory;

/**
 * The app-wide dependency container, held by {@link SnapTuneApplication}. Screens get their
 * collaborators from here, never by constructing them, so tests can swap in the host TFLite runtime,
 * a model file and a synchronous executor with {@link SnapTuneApplication#setServices}.
 * Thread-safe; its settings are immutable. It owns the process's shared state that outlives a
 * screen: the backbone download's {@link DownloadTracker} and the {@link SampleDatabase} (opened
 * on first use; {@link #close()} closes it).
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
  private SampleDatabase samples;
  private boolean closed;

  private static final ModelSource NO_LABELS = new ModelSource() {
    @Override
    public byte[] read() {
      return null;
    }

    @Override
    public String describe() {
      return "no ImageNet labels";
    }
  };

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
  }

  /** The phone's services: TFLite on the CPU, the embedded backbone asset, one background thread. */
  public static AppServices forDevice(Context context) {
    Context app = context.getApplicationContext();
    AndroidSignatureRunnerFactory runners = new AndroidSignatureRunnerFactory();
    return builder()
        .setRunnerFactory(runners)
        .setBackbone(new AssetModelSource(app.getAssets(), BACKBONE_ASSET))
        // Camera screen: labels embedded with -Dsnaptune.labels, the head training saved.
        .optImagenetLabels(new AssetModelSource(app.getAssets(), IMAGENET_LABELS_ASSET))
        .optHeadSource(new TrainedHeadStore(new File(app.getFilesDir(), "personal"), runners, 2))
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

  /** The trained head the camera screen classifies with, if any. */
  public HeadSource headSource() {
    return headSource;
  }

  /** ImageNet labels for the embedded backbone (read() gives null when none are packaged). */
  public ModelSource imagenetLabels() {
    return imagenetLabels;
  }

  /**
   * The app's backbone store: the embedded model and labels, downloads and imports in the app's
   * files ({@code models/}), fetched as {@link #downloadConfig()} says.
   */
  public BackboneStore backboneStore(Context context) {
    return new BackboneStore(backbone, imagenetLabels,
        new File(context.getApplicationContext().getFilesDir(), "models"), downloadConfig);
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
  public synchronized SampleDatabase samples(Context context) {
    if (closed) {
      throw new IllegalStateException("these services are closed");
    }
    if (samples == null) {
      samples = new SampleDatabase(context, SqliteSampleRepository.DEFAULT_NAME);
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
    private HeadSource headSource = embeddingSize -> null;
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

    /** Defaults to no trained head (ImageNet classification). */
    public Builder optHeadSource(HeadSource heads) {
      this.headSource = heads;
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
      if (backboneRunnerFactory == null || cameraSourceFactory == null || headSource == null
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
