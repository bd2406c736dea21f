package org.snaptune.classify;

import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import androidx.lifecycle.ViewModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.snaptune.camera.CameraSource;
import org.snaptune.image.Yuv420Frame;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.models.BackboneDownload;
import org.snaptune.models.DownloadTracker;
import org.snaptune.models.HeadSource;
import org.snaptune.samples.SampleClass;
import org.snaptune.samples.SampleRepository;
import org.snaptune.settings.Delegate;
import org.snaptune.store.BackboneStore;
import org.snaptune.store.HeadStore;
import org.snaptune.ui.EventQueue;
import org.snaptune.vision.BackboneRunnerFactory;
import org.snaptune.vision.Classification;
import org.snaptune.vision.FrameClassifier;

/**
 * The camera screen's logic: loads the backbone (embedded, stored, downloaded or imported), runs
 * every camera frame through {@link FrameClassifier}, stores samples on tap or during a burst,
 * edits classes, and keeps the class prototypes fitted to the stored samples so a new class
 * classifies from its first sample (a trained head, when the {@link HeadSource} has one, wins).
 * Publishes {@link ClassifyState} snapshots; one-off notices go through an {@link EventQueue}, so
 * each is shown once. The backbone download runs as background work reported by the
 * {@link DownloadTracker}, which this ViewModel only observes ({@link DownloadWatch}); taps and
 * bursts are paced by {@link BurstPacer} and stored by {@link SampleCapture}.
 *
 * <p>Threading: frames arrive on the camera thread ({@link #onFrame}); loading, storage and
 * prototype fitting run on the container's background executor; the pipeline is guarded by one
 * lock so a delegate switch never races a frame, and every state change is one atomic
 * read-modify-write ({@link #update}). Public methods may be called from any thread. The
 * ViewModel owns the classifier and closes it in {@link #onCleared()}; the repository belongs to
 * the app container.
 */
public final class ClassifyViewModel extends ViewModel implements CameraSource.Listener {

  /** Opens the sample repository once the embedding size is known. */
  public interface RepositoryOpener {
    SampleRepository open(int embeddingSize);
  }

  private final BackboneStore store;
  private final BackboneRunnerFactory factory;
  private final RepositoryOpener opener;
  private final Executor background;
  private final DownloadWatch downloads;
  /** CPU threads of the backbone; guarded by {@code this}, like {@link #current}. */
  private int threads;
  private final HeadSource heads;
  private final MutableLiveData<ClassifyState> state = new MutableLiveData<>();
  private final EventQueue<String> notices = new EventQueue<>();
  private final ModelCrop modelCrop = new ModelCrop();
  private final Object pipeline = new Object();
  private ClassifyState current;
  private FrameClassifier classifier;
  private SampleRepository repository;
  /** Class names of the head in use, or null; guarded by {@link #pipeline}. */
  private List<String> headClasses;
  /** Whether the loaded head was set aside for a class it does not know; guarded by pipeline. */
  private boolean headAside;
  private final BurstPacer pacer = new BurstPacer();
  private final SampleCapture capture;
  /** Refits after stored samples; a burst's samples share one refit. */
  private final CoalescedTask refit;
  /** {@link HeadStore#version()} when this screen last read the head (main thread only). */
  private long headVersion = HeadStore.version();

  /**
   * A ViewModel whose downloads run on {@code background} in this process (tests and tools; the
   * app starts them as background work).
   */
  public ClassifyViewModel(BackboneStore store, BackboneRunnerFactory factory,
      RepositoryOpener opener, HeadSource heads, Executor background, Delegate delegate,
      int threads) {
    this(store, factory, opener, heads, background, delegate, threads, new DownloadTracker(),
        null);
  }

  /**
   * @param downloads the process's download state, observed from now until onCleared
   * @param startDownload starts the download as background work (it reports to
   *     {@code downloads}); null runs it on {@code background}
   */
  ClassifyViewModel(BackboneStore store, BackboneRunnerFactory factory, RepositoryOpener opener,
      HeadSource heads, Executor background, Delegate delegate, int threads,
      DownloadTracker downloads, Runnable startDownload) {
    this.store = store;
    this.factory = factory;
    this.opener = opener;
    this.heads = heads;
    this.background = background;
    this.threads = threads;
    this.current = ClassifyState.initial(delegate);
    state.setValue(current);
    this.refit = new CoalescedTask(background, this::refreshClasses);
    this.capture = new SampleCapture(background, refit::request, notices::post);
    this.downloads = new DownloadWatch(downloads, startDownload != null ? startDownload
        : () -> background.execute(() -> BackboneDownload.run(store, downloads)),
        () -> background.execute(this::load), d -> update(s -> s.withDownload(d, false)));
    background.execute(this::load);
  }

  public LiveData<ClassifyState> state() { return state; }

  /** Shows each one-off notice (a bad class name, a failed store) once, on the main thread. */
  public void observeNotices(androidx.lifecycle.LifecycleOwner owner,
      EventQueue.Consumer<String> show) {
    notices.observe(owner, show);
  }

  /** The backbone's view of a recent frame (its input crop), a few times a second. */
  LiveData<ModelCrop.Picture> modelCrop() { return modelCrop.pictures(); }

  /** The repository once the backbone is loaded, else null. */
  public SampleRepository repository() {
    synchronized (pipeline) {
      return repository;
    }
  }

  /**
   * Applies {@code change} to the current state and publishes the result, as one step: two
   * threads updating at once (camera and background) never lose each other's change, and the
   * values are posted in the order they were made.
   */
  private void update(UnaryOperator<ClassifyState> change) {
    synchronized (this) {
      current = change.apply(current);
      state.postValue(current);
    }
  }

  private void load() {
    update(s -> s.withModel(ClassifyState.Model.LOADING, -1, null));
    try {
      BackboneStore.Adapted loaded = store.adapted(); // adapted once per stored model
      if (loaded == null) {
        showMissing();
        return;
      }
      BackboneAdapter.Result adapted = loaded.result();
      List<String> labels = store.labels(adapted.info().logitsSize());
      Delegate delegate;
      int threadCount;
      synchronized (this) { // one consistent pair, even while setEngine runs
        delegate = current.delegate();
        threadCount = threads;
      }
      FrameClassifier next = new FrameClassifier(factory.open(adapted.model(), adapted.info(),
          delegate, threadCount), labels);
      List<String> nextHeadClasses = null;
      try {
        HeadSource.Head head = heads == null ? null : heads.load(adapted.info().embeddingSize());
        if (head != null) {
          next.setHead(head.runner(), head.classNames());
          nextHeadClasses = head.classNames();
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
        headClasses = nextHeadClasses;
        headAside = false;
        if (repository == null) {
          repository = opener.open(adapted.info().embeddingSize());
        }
      }
      update(s -> s.withEngine(next.backbone().description(), next.backbone().fallbackReason()));
      refreshClasses();
    } catch (IOException | RuntimeException e) {
      update(s -> s.withModel(ClassifyState.Model.FAILED, -1,
          "Cannot load the backbone: " + e.getMessage()));
    }
  }

  /** No backbone stored: the download's state if one is under way or failed, else the choice. */
  private void showMissing() {
    DownloadTracker.Status d = downloads.status();
    update(s -> s.withDownload(d, true));
  }

  /** Switches between GPU delegate, CPU and automatic choice; reloads the interpreter. */
  public void setDelegate(Delegate delegate) {
    update(s -> s.withDelegate(delegate));
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
      update(s -> s.withDelegate(delegate));
    }
    background.execute(this::load);
    return true;
  }

  /** Reloads backbone and head, for example after training saved a new head. */
  public void reload() {
    background.execute(this::load);
  }

  /**
   * Reloads when training saved or cleared a head since the last check, unless an engine change
   * is already reloading (that load reads the new head too). Main thread.
   */
  public void reloadIfHeadChanged(boolean engineReloading) {
    long now = HeadStore.version();
    if (now != headVersion) {
      headVersion = now;
      if (!engineReloading) {
        reload();
      }
    }
  }

  /**
   * Starts the download of the official backbone as background work (it goes on when the screen
   * is left); progress and the outcome arrive through the {@link DownloadTracker}.
   */
  public void download() {
    downloads.start();
  }

  /** Stops a running download; the screen returns to the choice. */
  public void cancelDownload() {
    downloads.cancel();
  }

  /** Imports a .tflite the user picked; {@code open} is read on the background thread. */
  public void importModel(StreamOpener open) {
    update(s -> s.withModel(ClassifyState.Model.LOADING, -1, null));
    background.execute(() -> {
      try (InputStream in = open.open()) {
        store.importModel(in);
        load();
      } catch (IOException | RuntimeException e) {
        update(s -> s.withModel(ClassifyState.Model.FAILED, -1,
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
      long frameNumber = pacer.frameStarted();
      try {
        c = classifier.classify(frame, rotationDegrees);
      } catch (RuntimeException e) {
        notices.post("Classification failed: " + e.getMessage());
        return;
      }
      long classId = pacer.onFrame(timestampNanos, frameNumber);
      if (classId >= 0 && repository != null) {
        capture.store(classifier, repository, classId);
      }
      modelCrop.offer(classifier, timestampNanos);
      update(s -> s.withResult(c, s.latencyMillis() == 0 ? c.totalMillis()
          : 0.8 * s.latencyMillis() + 0.2 * c.totalMillis()));
    }
  }

  @Override
  public void onError(String message) {
    notices.post("Camera: " + message);
  }

  /** Stores the next frame as a sample of {@code classId}. */
  public void addSample(long classId) {
    pacer.tap(classId);
  }

  /** Stores samples of {@code classId} while held, until {@link #stopBurst()} (see BurstPacer). */
  public void startBurst(long classId) {
    pacer.hold(classId);
  }

  public void stopBurst() {
    pacer.release();
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

  /** Re-reads classes and counts (after the review screen changed them) and refits. */
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
        notices.post("Load a backbone first: samples need its embeddings.");
        return;
      }
      try {
        edit.apply(repo);
      } catch (IllegalArgumentException e) {
        notices.post(e.getMessage());
      }
      refreshClasses();
    });
  }

  /**
   * Reads the classes, refits the prototypes over every class that has samples and hands them to
   * the classifier, then publishes. Runs on the background executor after every change to
   * classes or samples; fitting is a pass over the stored embeddings (no training).
   */
  private void refreshClasses() {
    SampleRepository repo = repository();
    if (repo == null) {
      return;
    }
    List<SampleClass> classes = repo.classes();
    Prototypes prototypes = Prototypes.fit(repo, classes);
    boolean setAside;
    synchronized (pipeline) {
      if (classifier != null) {
        classifier.setPrototypes(prototypes.classifier);
        if (headClasses != null && !headClasses.containsAll(prototypes.classesWithSamples)) {
          // A class the head never saw: the prototypes know it, the head cannot.
          classifier.setHead(null, null);
          headClasses = null;
          headAside = true;
        }
      }
      setAside = headAside;
    }
    if (prototypes.problem != null) {
      notices.post("Your classes cannot be used yet: " + prototypes.problem);
    }
    int count = capture.stored();
    int n = prototypes.samples;
    boolean aside = setAside;
    update(s -> s.withClasses(classes, count, n, aside));
  }

  @Override
  protected void onCleared() {
    downloads.close();
    synchronized (pipeline) {
      if (classifier != null) {
        classifier.close();
        classifier = null;
      }
      repository = null; // owned by the app container, which keeps it open for other screens
    }
  }
}
