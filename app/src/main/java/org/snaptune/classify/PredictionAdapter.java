package org.snaptune.classify;

import android.content.Context;
import android.view.LayoutInflater;
import android.view.View;
import android.view.ViewGroup;
import android.widget.ProgressBar;
import android.widget.TextView;
import androidx.annotation.NonNull;
import androidx.recyclerview.widget.AsyncDifferConfig;
import androidx.recyclerview.widget.DiffUtil;
import androidx.recyclerview.widget.ListAdapter;
import androidx.recyclerview.widget.RecyclerView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.snaptune.R;
import org.snaptune.vision.Prediction;

/**
 * The camera screen's top predictions: label, probability bar and percentage per row. Rows are
 * matched by label, so a frame that only moves the probabilities rebinds the rows it changed
 * instead of inflating new ones. Main thread only.
 */
final class PredictionAdapter extends ListAdapter<Prediction, PredictionAdapter.Row> {

  /** Rows shown at most. */
  static final int SHOWN = 3;

  private static final DiffUtil.ItemCallback<Prediction> DIFF =
      new DiffUtil.ItemCallback<Prediction>() {
        @Override
        public boolean areItemsTheSame(@NonNull Prediction a, @NonNull Prediction b) {
          return a.label().equals(b.label());
        }

        @Override
        public boolean areContentsTheSame(@NonNull Prediction a, @NonNull Prediction b) {
          return a.equals(b);
        }
      };

  PredictionAdapter() {
    // Three rows: diffing on the main thread is cheaper than a thread hop per frame.
    super(new AsyncDifferConfig.Builder<>(DIFF).setBackgroundThreadExecutor(Runnable::run).build());
  }

  /** Shows the first {@link #SHOWN} of {@code predictions}; null or empty clears the list. */
  void show(List<Prediction> predictions) {
    if (predictions == null || predictions.isEmpty()) {
      submitList(Collections.emptyList());
      return;
    }
    submitList(new ArrayList<>(predictions.subList(0, Math.min(SHOWN, predictions.size()))));
  }

  @NonNull
  @Override
  public Row onCreateViewHolder(@NonNull ViewGroup parent, int viewType) {
    return new Row(LayoutInflater.from(parent.getContext())
        .inflate(R.layout.item_prediction, parent, false));
  }

  @Override
  public void onBindViewHolder(@NonNull Row row, int position) {
    row.bind(getItem(position));
  }

  /** One prediction's views. */
  static final class Row extends RecyclerView.ViewHolder {
    private final TextView label;
    private final ProgressBar bar;
    private final TextView percent;

    Row(View view) {
      super(view);
      label = view.findViewById(R.id.prediction_label);
      bar = view.findViewById(R.id.prediction_bar);
      percent = view.findViewById(R.id.prediction_percent);
    }

    void bind(Prediction p) {
      Context c = itemView.getContext();
      label.setText(p.label());
      bar.setProgress(Math.round(p.probability() * bar.getMax()));
      String share = c.getString(R.string.camera_percent, 100f * p.probability());
      percent.setText(share);
      itemView.setContentDescription(
          c.getString(R.string.camera_prediction_description, p.label(), share));
    }
  }
}
