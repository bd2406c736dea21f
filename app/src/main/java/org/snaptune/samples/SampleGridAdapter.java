package org.snaptune.samples;

import android.graphics.Bitmap;
import android.view.View;
import android.view.ViewGroup;
import android.widget.ImageView;
import androidx.annotation.NonNull;
import androidx.recyclerview.widget.DiffUtil;
import androidx.recyclerview.widget.ListAdapter;
import androidx.recyclerview.widget.RecyclerView;
import java.util.function.LongConsumer;
import org.snaptune.R;
import org.snaptune.ui.ThemeColors;

/**
 * The samples grid: one square picture per sample, bound lazily through the {@link ThumbnailLoader}
 * (only the cells on screen are decoded). Tapping a picture asks to delete it. Main thread only.
 */
final class SampleGridAdapter extends ListAdapter<SampleEntry, SampleGridAdapter.Cell> {

  private static final DiffUtil.ItemCallback<SampleEntry> SAME = new DiffUtil.ItemCallback<SampleEntry>() {
    @Override
    public boolean areItemsTheSame(@NonNull SampleEntry a, @NonNull SampleEntry b) {
      return a.id() == b.id();
    }

    @Override
    public boolean areContentsTheSame(@NonNull SampleEntry a, @NonNull SampleEntry b) {
      return a.equals(b);
    }
  };

  private final ThumbnailLoader thumbnails;
  private final LongConsumer onTap;

  SampleGridAdapter(ThumbnailLoader thumbnails, LongConsumer onTap) {
    super(SAME);
    this.thumbnails = thumbnails;
    this.onTap = onTap;
    setHasStableIds(true);
  }

  @Override
  public long getItemId(int position) {
    return getItem(position).id();
  }

  @NonNull
  @Override
  public Cell onCreateViewHolder(@NonNull ViewGroup parent, int viewType) {
    SquareImageView view = new SquareImageView(parent.getContext());
    int gap = parent.getResources().getDimensionPixelSize(R.dimen.samples_grid_gap);
    RecyclerView.LayoutParams lp = new RecyclerView.LayoutParams(
        ViewGroup.LayoutParams.MATCH_PARENT, ViewGroup.LayoutParams.WRAP_CONTENT);
    lp.setMargins(gap, gap, gap, gap);
    view.setLayoutParams(lp);
    view.setScaleType(ImageView.ScaleType.CENTER_CROP);
    view.setBackgroundColor(ThemeColors.of(parent.getContext()).surfaceContainer());
    view.setFocusable(true);
    return new Cell(view);
  }

  @Override
  public void onBindViewHolder(@NonNull Cell cell, int position) {
    SampleEntry entry = getItem(position);
    ImageView view = cell.image;
    long id = entry.id();
    view.setTag(R.id.samples_cell_sample, id);
    view.setContentDescription(view.getResources().getString(R.string.sample_thumbnail_numbered,
        position + 1));
    view.setOnClickListener(v -> onTap.accept(id));
    Bitmap cached = thumbnails.cached(id);
    view.setImageBitmap(cached);
    if (cached == null) {
      thumbnails.load(id, bitmap -> {
        // The cell may have been recycled for another sample while this one decoded.
        if (Long.valueOf(id).equals(view.getTag(R.id.samples_cell_sample))) {
          view.setImageBitmap(bitmap);
        }
      });
    }
  }

  static final class Cell extends RecyclerView.ViewHolder {
    final ImageView image;

    Cell(View view) {
      super(view);
      this.image = (ImageView) view;
    }
  }
}
