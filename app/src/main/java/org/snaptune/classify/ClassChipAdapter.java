package org.snaptune.classify;

import android.annotation.SuppressLint;
import android.content.Context;
import android.view.LayoutInflater;
import android.view.MotionEvent;
import android.view.ViewGroup;
import android.widget.Button;
import androidx.annotation.NonNull;
import androidx.recyclerview.widget.AsyncDifferConfig;
import androidx.recyclerview.widget.DiffUtil;
import androidx.recyclerview.widget.ListAdapter;
import androidx.recyclerview.widget.RecyclerView;
import java.util.ArrayList;
import java.util.List;
import org.snaptune.R;
import org.snaptune.samples.SampleClass;

/**
 * The camera screen's class bar: one Material chip per class (tap: a sample; hold: a burst until
 * the finger lifts) and a last "+ Class" tonal button, both in the colours of the bar's theme (the
 * camera's dark overlay). DiffUtil compares the classes by id, name and count, so a
 * camera frame that changes nothing touches no chip, and a new count rebinds only its chip's text
 * in the same view: a press in progress (a tap or a hold) survives every frame and every sample
 * stored during it. Main thread only.
 */
final class ClassChipAdapter extends ListAdapter<ClassChipAdapter.Chip, ClassChipAdapter.Holder> {

  /** What the chips do; called on the main thread. */
  interface Actions {
    /** A tap: the next frame becomes a sample of {@code classId}. */
    void tap(long classId);

    /** A long press: samples of {@code classId} while the finger stays down. */
    void hold(long classId);

    /** The finger lifted (or the gesture was cancelled): any burst ends. */
    void release();

    /** The "+ Class" chip. */
    void addClass();
  }

  /** One chip: a class with its sample count, or the "+ Class" chip (id -1). Immutable. */
  static final class Chip {
    static final long ADD = -1;

    final long id;
    final String name;
    final int samples;

    Chip(long id, String name, int samples) {
      this.id = id;
      this.name = name;
      this.samples = samples;
    }

    boolean isAdd() {
      return id == ADD;
    }
  }

  private static final DiffUtil.ItemCallback<Chip> DIFF = new DiffUtil.ItemCallback<Chip>() {
    @Override
    public boolean areItemsTheSame(@NonNull Chip a, @NonNull Chip b) {
      return a.id == b.id;
    }

    @Override
    public boolean areContentsTheSame(@NonNull Chip a, @NonNull Chip b) {
      return a.name.equals(b.name) && a.samples == b.samples;
    }
  };

  private static final int CLASS = 0;
  private static final int ADD = 1;

  private final Actions actions;

  ClassChipAdapter(Actions actions) {
    // A few dozen chips at most: diffing on the main thread is cheaper than a thread hop.
    super(new AsyncDifferConfig.Builder<>(DIFF).setBackgroundThreadExecutor(Runnable::run).build());
    this.actions = actions;
  }

  /** Shows {@code classes} (in their order) followed by the "+ Class" chip. */
  void show(List<SampleClass> classes) {
    List<Chip> chips = new ArrayList<>(classes.size() + 1);
    for (SampleClass c : classes) {
      chips.add(new Chip(c.id(), c.name(), c.sampleCount()));
    }
    chips.add(new Chip(Chip.ADD, "", 0));
    submitList(chips);
  }

  @Override
  public int getItemViewType(int position) {
    return getItem(position).isAdd() ? ADD : CLASS;
  }

  @NonNull
  @Override
  public Holder onCreateViewHolder(@NonNull ViewGroup parent, int viewType) {
    // Inflated with the parent's context, which carries the bar's theme overlay.
    int layout;
    switch (viewType) {
      case CLASS:
        layout = R.layout.item_class_chip; // a Material Chip
        break;
      case ADD:
        layout = R.layout.item_add_class; // a tonal MaterialButton
        break;
      default:
        throw new IllegalArgumentException("unknown chip view type " + viewType
            + "; valid: " + CLASS + " (class), " + ADD + " (+ Class)");
    }
    Button button = (Button) LayoutInflater.from(parent.getContext())
        .inflate(layout, parent, false);
    return new Holder(button, actions);
  }

  @Override
  public void onBindViewHolder(@NonNull Holder holder, int position) {
    holder.bind(getItem(position));
  }

  /** One chip's button; listeners read the chip bound last, so a rebind needs no new ones. */
  static final class Holder extends RecyclerView.ViewHolder {
    private final Button button;
    private Chip chip;

    /**
     * Lint's ClickableViewAccessibility is suppressed: the touch listener only watches for the
     * release that ends a burst and returns false, so clicks (also accessibility clicks) still
     * reach performClick.
     */
    @SuppressLint("ClickableViewAccessibility")
    Holder(Button button, Actions actions) {
      super(button);
      this.button = button;
      button.setOnClickListener(v -> {
        if (chip.isAdd()) {
          actions.addClass();
        } else {
          actions.tap(chip.id);
        }
      });
      button.setOnLongClickListener(v -> {
        if (chip.isAdd()) {
          return false;
        }
        actions.hold(chip.id);
        return true;
      });
      button.setOnTouchListener((v, event) -> {
        int action = event.getActionMasked();
        if (!chip.isAdd()
            && (action == MotionEvent.ACTION_UP || action == MotionEvent.ACTION_CANCEL)) {
          actions.release();
        }
        return false; // let click and long-click detection run
      });
    }

    void bind(Chip next) {
      chip = next;
      Context c = button.getContext();
      if (next.isAdd()) {
        button.setText(R.string.camera_add_class);
        button.setContentDescription(c.getString(R.string.camera_add_class_description));
      } else {
        button.setText(c.getString(R.string.camera_class_chip, next.name, next.samples));
        button.setContentDescription(c.getResources().getQuantityString(
            R.plurals.camera_class_chip_description, next.samples, next.name, next.samples));
      }
    }
  }
}
