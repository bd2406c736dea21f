package org.snaptune.ui;

import androidx.lifecycle.LifecycleOwner;
import androidx.lifecycle.MutableLiveData;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One-off messages (a toast) from a ViewModel to its screen, each delivered exactly once: a
 * message waits in a queue until an observer takes it, so none is lost while the screen is being
 * recreated and none is shown again after a rotation (unlike a sticky LiveData value). Post from
 * any thread; observe on the main thread.
 */
public final class EventQueue<T> {

  /** Receives one message. */
  public interface Consumer<T> {
    void accept(T value);
  }

  private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
  private final MutableLiveData<Long> signal = new MutableLiveData<>();
  private final AtomicLong posted = new AtomicLong();

  public void post(T value) {
    queue.add(value);
    signal.postValue(posted.incrementAndGet());
  }

  /** Delivers every waiting message, now and whenever new ones arrive while {@code owner} lives. */
  public void observe(LifecycleOwner owner, Consumer<T> consumer) {
    signal.observe(owner, ignored -> {
      T next;
      while ((next = queue.poll()) != null) {
        consumer.accept(next);
      }
    });
  }
}
