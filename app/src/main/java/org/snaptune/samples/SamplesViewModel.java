package org.snaptune.samples;

import androidx.lifecycle.LiveData;
import androidx.lifecycle.MutableLiveData;
import androidx.lifecycle.ViewModel;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * State of the samples review screen: reads classes and samples, renames and deletes, all on the
 * container's background executor, and publishes a {@link SamplesState} on the main thread.
 *
 * <p>Holds no Context or View. The repository belongs to the app container, which closes it; this
 * ViewModel never does, so work still queued when the screen goes away finds it open. Its
 * {@link ThumbnailLoader} survives rotation with it. Call from the main thread.
 */
public final class SamplesViewModel extends ViewModel {

  private final Supplier<? extends SampleRepository> repository;
  private final Executor background;
  private final Executor mainThread;
  private final MutableLiveData<SamplesState> state = new MutableLiveData<>(SamplesState.LOADING);
  private final MutableLiveData<String> rejected = new MutableLiveData<>();
  private final ThumbnailLoader thumbnails;
  private volatile long wanted = -1;

  /**
   * @param repository called on the background executor (opening the database may touch disk)
   * @param background where the repository is used; the container's, so edits are serialised
   * @param mainThread runs state updates on the main thread
   */
  public SamplesViewModel(Supplier<? extends SampleRepository> repository, Executor background,
      Executor mainThread) {
    if (repository == null || background == null || mainThread == null) {
      throw new IllegalArgumentException("SamplesViewModel needs a repository and two executors");
    }
    this.repository = repository;
    this.background = background;
    this.mainThread = mainThread;
    this.thumbnails = new ThumbnailLoader(repository, background, mainThread,
        ThumbnailLoader.DEFAULT_CACHE_BYTES);
  }

  public LiveData<SamplesState> state() {
    return state;
  }

  /** Why the last edit was refused (e.g. a duplicate name), or null; see {@link #rejectionShown}. */
  public LiveData<String> rejected() {
    return rejected;
  }

  /** The screen showed the rejection; it is not shown again after a rotation. */
  public void rejectionShown() {
    rejected.setValue(null);
  }

  ThumbnailLoader thumbnails() {
    return thumbnails;
  }

  /** Re-reads everything, keeping the selected class when it still exists. */
  public void reload() {
    long keep = wanted;
    background.execute(() -> {
      SampleRepository repo = repository.get();
      List<SampleClass> all = repo.classes();
      SampleClass pick = null;
      for (SampleClass c : all) {
        if (c.id() == keep || pick == null) {
          pick = c;
        }
      }
      List<SampleEntry> samples = pick == null ? Collections.<SampleEntry>emptyList()
          : repo.samplesOf(pick.id());
      SamplesState next = SamplesState.of(all, pick, samples);
      mainThread.execute(() -> publish(next));
    });
  }

  private void publish(SamplesState next) {
    if (next.selected() != null) {
      wanted = next.selected().id();
    }
    state.setValue(next);
  }

  /** Shows this class's samples. */
  public void select(long classId) {
    wanted = classId;
    reload();
  }

  /** Restores the selection saved with the screen (before the first {@link #reload()}). */
  public void restoreSelection(long classId) {
    if (wanted == -1) {
      wanted = classId;
    }
  }

  /** The selected class's id, -1 before the first read or when there are no classes. */
  public long selectedId() {
    return wanted;
  }

  public void rename(long classId, String newName) {
    change(() -> repository.get().renameClass(classId, newName));
  }

  public void deleteClass(long classId) {
    change(() -> repository.get().deleteClass(classId));
  }

  public void deleteSample(long sampleId) {
    change(() -> repository.get().deleteSample(sampleId));
  }

  /** Applies an edit in the background; a refused one is reported; then everything is re-read. */
  private void change(Runnable edit) {
    background.execute(() -> {
      try {
        edit.run();
      } catch (IllegalArgumentException refused) {
        String why = refused.getMessage();
        mainThread.execute(() -> rejected.setValue(why));
      }
      reload();
    });
  }

  @Override
  protected void onCleared() {
    thumbnails.forgetListeners();
  }
}
