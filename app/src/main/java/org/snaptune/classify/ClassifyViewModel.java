package org.snaptune.classify;

import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import androidx.lifecycle.ViewModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.snaptune.camera.CameraSource;
import org.snaptune.image.Yuv420Frame;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.samples.SampleRepository;
import org.snaptune.samples.Thumbnails;
import org.snaptune.settings.Delegate;
import org.snaptune.vision.BackboneRunnerFactory;
import org.snaptune.vision.Classification;
import org.snaptune.vision.FrameClassifier;

/**
 * The camera screen's logic: loads the backbone (embedded, stored, downloaded or imported), runs
 * every camera frame through {@link FrameClassifier}, stores samples on tap or during a burst, and
 * edits classes. Publishes {@link ClassifyState} snapshots; one-off notices (a bad class name, a
 * failed import) go to {@link #notices()}.
 *
 * <p>Threading: frames arrive on the camera thread ({@link #onFrame}); loading, storage and
 * downloads run on the container's background executor; the pipeline is guarded by one lock so a
 * delegate switch never races a frame. Public methods may be called from any thread. The ViewModel
 * owns the classifier and the repository and closes them in {@link #onCleared()}.
 */
public final class ClassifyViewModel extends ViewModel implements CameraSource.Listener {

  /** Opens the sample repository once the embedding size is known. */
  public interface RepositoryOpener {
    SampleRepository open(int embeddingSize);
  }

  /** Minimum time between two pictures of "what the model sees". */
  static final long CROP_INTERVAL_NANOS = 300_000_000L;

  /** Minimum time between two samples of a burst. */
  static final long BURST_INTERVAL_NANOS = 150_000_000L;

  private final BackboneStore store;
  private final BackboneRunnerFactory factory;
  private final RepositoryOpener opener;
  private final Executor background;
  /** CPU threads of the backbone; guarded by {@code this}, like {@link #current}. */
  private int threads;
  private final HeadSource heads;
  private final MutableLiveData<ClassifyState> state = new MutableLiveData<>();
  private final MutableLiveData<String> notices = new MutableLiveData<>();
  private final MutableLiveData<int[]> crop = new MutableLiveData<>();
  private final Object pipeline = new Object();
  private final AtomicBoolean downloadCancelled = new AtomicBoolean();
  private ClassifyState current;
  private FrameClassifier classifier;
  private SampleRepository repository;
  private volatile long captureClass = -1;
  private volatile boolean burst;
  private volatile boolean burstStarting;
  private long lastCapture;
  private long lastCrop;
  private int added;

  public ClassifyViewModel(BackboneStore store, BackboneRunnerFactory factory,
      RepositoryOpener opener, HeadSource heads, Executor background, Delegate delegate,
      int threads) {
    this.store = store;
    this.factory = factory;
    this.opener = opener;
    this.heads = heads;
    this.background = background;
    this.threads = threads;
    this.current = ClassifyState.initial(delegate);
    state.setValue(current);
    background.execute(this::load);
  }

  public LiveData<ClassifyState> state() { return state; }
  public LiveData<String> notices() { return notices; }

  /** The backbone's view of a recent frame (input-size ARGB), a few times a second. */
  public LiveData<int[]> crop() { return crop; }

  /** Input width and height of the loaded backbone (for {@link #crop()}), or null. */
  public int[] cropSize() {
    synchronized (pipeline) {
      return classifier == null ? null : new int[] {
          classifier.backbone().info().inputSpec().width(),
          classifier.backbone().info().inputSpec().height()};
    }
  }

  /** The repository once the backbone is loaded, else null (the review screen opens its own). */
  public SampleRepository repository() {
    synchronized (pipeline) {
      return repository;
    }
  }

  private synchronized void publish(ClassifyState next) {
    current = next;
    state.postValue(next);
  }

  private synchronized ClassifyState current() {
    return current;
  }

  private void load() {
    publish(current().withModel(ClassifyState.Model.LOADING, -1, null));
    try {
      BackboneStore.Loaded loaded = store.read();
      if (loaded == null) {
        publish(current().withModel(ClassifyState.Model.MISSING, -1, null));
        return;
      }
      BackboneAdapter.Result adapted = BackboneAdapter.adapt(loaded.bytes());
      List<String> labels = store.labels(adapted.info().logitsSize());
      Delegate delegate;
      int threadCount;
      synchronized (this) { // one consistent pair, even while setEngine runs
        delegate = current.delegate();
        threadCount = threads;
      }
      FrameClassifier next = new FrameClassifier(factory.open(adapted.model(), adapted.info(),
          delegate, threadCount), labels);
      try {
        HeadSource.Head head = heads == null ? null : heads.load(adapted.info().embeddingSize());
        if (head != null) {
          next.setHead(head.runner(), head.classNames());
        }
      } catch (RuntimeException e) {
        next.close(); // not published yet, so nobody else holds it
        throw e;
      }
      synchronized (pipeline) {
        if (classifier != null) {
          classifier.close();
        }
        classifier = next;
        if (repository == null) {
          repository = opener.open(adapted.info().embeddingSize());
        }
      }
      publish(current().withEngine(next.backbone().description(),
          next.backbone().fallbackReason()));
      refreshClasses();
    } catch (IOException | RuntimeException e) {
      publish(current().withModel(ClassifyState.Model.FAILED, -1,
          "Cannot load the backbone: " + e.getMessage()));
    }
  }

  /** Switches between GPU delegate, CPU and automatic choice; reloads the interpreter. */
  public void setDelegate(Delegate delegate) {
    publish(current().withDelegate(delegate));
    background.execute(this::load);
  }

  /**
   * Uses this delegate and thread count from now on (the saved settings, read by the screen when
   * it resumes); reloads the interpreter only if either changed, since a reload costs a model load.
   *
   * @return whether a reload was started
   */
  public boolean setEngine(Delegate delegate, int threadCount) {
    synchronized (this) {
      if (current.delegate() == delegate && threads == threadCount) {
        return false;
      }
      threads = threadCount;
      publish(current.withDelegate(delegate));
    }
    background.execute(this::load);
    return true;
  }

  /** Reloads backbone and head, for example after training saved a new head. */
  public void reload() {
    background.execute(this::load);
  }

  /** Downloads the official backbone with progress, then loads it. */
  public void download() {
    downloadCancelled.set(false);
    publish(current().withModel(ClassifyState.Model.DOWNLOADING, 0, null));
    background.execute(() -> {
      try {
        store.download((bytes, total) -> publish(current().withModel(
            ClassifyState.Model.DOWNLOADING, total > 0 ? (float) bytes / total : -1, null)),
            downloadCancelled);
        load();
      } catch (UnknownHostException e) {
        publish(current().withModel(ClassifyState.Model.FAILED, -1, "You seem to be offline ("
            + e.getMessage() + " is unreachable). Connect and retry, or import a .tflite file."));
      } catch (InterruptedIOException e) {
        publish(current().withModel(ClassifyState.Model.MISSING, -1, null));
      } catch (IOException | RuntimeException e) {
        publish(current().withModel(ClassifyState.Model.FAILED, -1,
            "Download failed: " + e.getMessage()));
      }
    });
  }

  /** Stops a running download; the screen returns to the choice. */
  public void cancelDownload() {
    downloadCancelled.set(true);
  }

  /** Imports a .tflite the user picked; {@code open} is read on the background thread. */
  public void importModel(StreamOpener open) {
    publish(current().withModel(ClassifyState.Model.LOADING, -1, null));
    background.execute(() -> {
      try (InputStream in = open.open()) {
        store.importModel(in);
        load();
      } catch (IOException | RuntimeException e) {
        publish(current().withModel(ClassifyState.Model.FAILED, -1,
            "This file cannot be used as a backbone: " + e.getMessage()));
      }
    });
  }

  /** Opens the stream of an imported document. */
  public interface StreamOpener {
    InputStream open() throws IOException;
  }

  @Override
  public void onFrame(Yuv420Frame frame, int rotationDegrees, long timestampNanos) {
    synchronized (pipeline) {
      if (classifier == null) {
        return;
      }
      Classification c;
      try {
        c = classifier.classify(frame, rotationDegrees);
      } catch (RuntimeException e) {
        notices.postValue("Classification failed: " + e.getMessage());
        return;
      }
      capture(timestampNanos);
      if (lastCrop == 0 || timestampNanos - lastCrop >= CROP_INTERVAL_NANOS) {
        lastCrop = timestampNanos;
        int[] pixels = new int[classifier.backbone().info().inputSpec().width()
            * classifier.backbone().info().inputSpec().height()];
        classifier.copyLastCrop(pixels);
        crop.postValue(pixels);
      }
      ClassifyState s = current();
      double previous = s.latencyMillis();
      double latency = previous == 0 ? c.totalMillis() : 0.8 * previous + 0.2 * c.totalMillis();
      publish(s.withResult(c, latency));
    }
  }

  @Override
  public void onError(String message) {
    notices.postValue("Camera: " + message);
  }

  /** Stores the next frame as a sample of {@code classId}. */
  public void addSample(long classId) {
    burst = false;
    captureClass = classId;
  }

  /** Stores a sample every 150 ms while held, until {@link #stopBurst()}. */
  public void startBurst(long classId) {
    burstStarting = true;
    burst = true;
    captureClass = classId;
  }

  public void stopBurst() {
    burst = false;
    captureClass = -1;
  }

  /** Runs under the pipeline lock on the camera thread, right after a classification. */
  private void capture(long now) {
    long classId = captureClass;
    if (classId < 0 || repository == null) {
      return;
    }
    if (burstStarting) {
      burstStarting = false; // the first frame of a burst is always taken
    } else if (burst && now - lastCapture < BURST_INTERVAL_NANOS) {
      return;
    }
    lastCapture = now;
    if (!burst) {
      captureClass = -1;
    }
    float[] embedding = new float[classifier.embeddingSize()];
    classifier.copyLastEmbedding(embedding);
    int side = classifier.backbone().info().inputSpec().width();
    int height = classifier.backbone().info().inputSpec().height();
    int[] crop = new int[side * height];
    classifier.copyLastCrop(crop);
    SampleRepository repo = repository;
    background.execute(() -> {
      try {
        repo.addSample(classId, embedding, Thumbnails.jpeg(crop, side, height),
            System.currentTimeMillis());
        synchronized (this) {
          added++;
        }
        refreshClasses();
      } catch (RuntimeException e) {
        notices.postValue("Cannot store the sample: " + e.getMessage());
      }
    });
  }

  public void createClass(String name) {
    edit(repo -> repo.createClass(name));
  }

  public void renameClass(long classId, String name) {
    edit(repo -> repo.renameClass(classId, name));
  }

  public void deleteClass(long classId) {
    edit(repo -> repo.deleteClass(classId));
  }

  /** Re-reads classes and counts (after the review screen changed them). */
  public void refresh() {
    background.execute(this::refreshClasses);
  }

  private interface Edit {
    void apply(SampleRepository repo);
  }

  private void edit(Edit edit) {
    background.execute(() -> {
      SampleRepository repo = repository();
      if (repo == null) {
        notices.postValue("Load a backbone first: samples need its embeddings.");
        return;
      }
      try {
        edit.apply(repo);
      } catch (IllegalArgumentException e) {
        notices.postValue(e.getMessage());
      }
      refreshClasses();
    });
  }

  private void refreshClasses() {
    SampleRepository repo = repository();
    if (repo == null) {
      return;
    }
    List<org.snaptune.samples.SampleClass> classes = repo.classes();
    int count;
    synchronized (this) {
      count = added;
    }
    publish(current().withClasses(classes, count));
  }

  @Override
  protected void onCleared() {
    downloadCancelled.set(true);
    synchronized (pipeline) {
      if (classifier != null) {
        classifier.close();
        classifier = null;
      }
      if (repository instanceof AutoCloseable) {
        try {
          ((AutoCloseable) repository).close();
        } catch (Exception e) {
          notices.postValue("Closing the sample store failed: " + e.getMessage());
        }
      }
      repository = null;
    }
  }
}
