package org.snaptune.samples;

import org.snaptune.storage.SqliteSampleRepository;
import org.snaptune.storage.SampleDatabase;
import android.app.Activity;
import android.app.AlertDialog;
import android.graphics.Bitmap;
import android.graphics.Color;
import android.os.Bundle;
import android.view.View;
import android.view.ViewGroup;
import android.widget.AbsListView;
import android.widget.BaseAdapter;
import android.widget.Button;
import android.widget.EditText;
import android.widget.GridView;
import android.widget.ImageView;
import android.widget.LinearLayout;
import android.widget.TextView;
import android.widget.Toast;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;

/**
 * Review of the stored samples: pick a class, see its thumbnails, delete a sample by tapping it,
 * rename or delete the class. Database work runs on the container's background executor and the
 * results are applied on the main thread. The repository is the app container's shared one (see
 * {@link SampleDatabase}); the screen does not close it. Main thread only.
 */
public final class SamplesActivity extends Activity {

  static final String STATE_SELECTED = "selected_class";

  private SqliteSampleRepository repository;
  private Executor background;
  private long selected = -1;
  private List<SampleClass> classes = Collections.emptyList();
  private final List<SampleEntry> entries = new ArrayList<>();
  private final List<Bitmap> thumbnails = new ArrayList<>();
  private final ThumbnailAdapter adapter = new ThumbnailAdapter();

  @Override
  protected void onCreate(Bundle savedInstanceState) {
    super.onCreate(savedInstanceState);
    setContentView(R.layout.activity_samples);
    setTitle(R.string.samples_title);
    repository = SnapTuneApplication.services(this).samples(this).forReview();
    background = SnapTuneApplication.services(this).background();
    if (savedInstanceState != null) {
      selected = savedInstanceState.getLong(STATE_SELECTED, -1);
    }
    GridView grid = findViewById(R.id.samples_grid);
    grid.setAdapter(adapter);
    grid.setOnItemClickListener((parent, view, position, id) -> confirmDeleteSample(id));
    findViewById(R.id.samples_rename).setOnClickListener(v -> askRename());
    findViewById(R.id.samples_delete_class).setOnClickListener(v -> confirmDeleteClass());
  }

  @Override
  protected void onResume() {
    super.onResume();
    reload();
  }

  @Override
  protected void onSaveInstanceState(Bundle out) {
    super.onSaveInstanceState(out);
    out.putLong(STATE_SELECTED, selected);
  }

  /** Reads classes and the selected class's thumbnails off the main thread, then shows them. */
  private void reload() {
    long wanted = selected;
    background.execute(() -> {
      List<SampleClass> all = repository.classes();
      long pick = -1;
      for (SampleClass c : all) {
        if (c.id() == wanted || pick == -1) {
          pick = c.id();
        }
      }
      List<SampleEntry> list = pick == -1 ? Collections.<SampleEntry>emptyList()
          : repository.samplesOf(pick);
      List<Bitmap> bitmaps = new ArrayList<>();
      for (SampleEntry e : list) {
        bitmaps.add(Thumbnails.decode(repository.thumbnail(e.id())));
      }
      long chosen = pick;
      runOnUiThread(() -> show(all, chosen, list, bitmaps));
    });
  }

  private void show(List<SampleClass> all, long chosen, List<SampleEntry> list,
      List<Bitmap> bitmaps) {
    if (isDestroyed()) {
      return;
    }
    classes = all;
    selected = chosen;
    entries.clear();
    entries.addAll(list);
    thumbnails.clear();
    thumbnails.addAll(bitmaps);
    adapter.notifyDataSetChanged();

    LinearLayout bar = findViewById(R.id.samples_classes);
    bar.removeAllViews();
    SampleClass current = null;
    for (SampleClass c : all) {
      Button chip = new Button(this);
      chip.setAllCaps(false);
      chip.setText(getString(R.string.camera_class_chip, c.name(), c.sampleCount()));
      chip.setTextColor(c.id() == chosen ? Color.WHITE : Color.parseColor("#FFB0BEC5"));
      chip.setAlpha(c.id() == chosen ? 1f : 0.6f);
      chip.setOnClickListener(v -> {
        selected = c.id();
        reload();
      });
      bar.addView(chip);
      if (c.id() == chosen) {
        current = c;
      }
    }
    TextView summary = findViewById(R.id.samples_summary);
    TextView empty = findViewById(R.id.samples_empty);
    boolean none = current == null;
    summary.setText(none ? "" : current.sampleCount() == 0 ? getString(R.string.samples_summary_none)
        : getString(R.string.samples_summary, current.sampleCount()));
    findViewById(R.id.samples_rename).setVisibility(none ? View.GONE : View.VISIBLE);
    findViewById(R.id.samples_delete_class).setVisibility(none ? View.GONE : View.VISIBLE);
    empty.setVisibility(list.isEmpty() ? View.VISIBLE : View.GONE);
    empty.setText(none ? R.string.samples_no_classes : R.string.samples_empty);
    findViewById(R.id.samples_grid).setVisibility(list.isEmpty() ? View.GONE : View.VISIBLE);
  }

  private SampleClass selectedClass() {
    for (SampleClass c : classes) {
      if (c.id() == selected) {
        return c;
      }
    }
    return null;
  }

  private void askRename() {
    SampleClass c = selectedClass();
    if (c == null) {
      return;
    }
    EditText name = new EditText(this);
    name.setSingleLine();
    name.setText(c.name());
    new AlertDialog.Builder(this)
        .setTitle(getString(R.string.class_rename_title, c.name()))
        .setView(name)
        .setPositiveButton(R.string.action_rename,
            (d, w) -> change(() -> repository.renameClass(c.id(), name.getText().toString())))
        .setNegativeButton(R.string.action_cancel, null)
        .show();
  }

  private void confirmDeleteClass() {
    SampleClass c = selectedClass();
    if (c == null) {
      return;
    }
    new AlertDialog.Builder(this)
        .setTitle(getString(R.string.class_delete_title, c.name()))
        .setMessage(getString(R.string.class_delete_body, c.sampleCount()))
        .setPositiveButton(R.string.action_delete, (d, w) -> change(() -> {
          repository.deleteClass(c.id());
          selected = -1;
        }))
        .setNegativeButton(R.string.action_cancel, null)
        .show();
  }

  private void confirmDeleteSample(long sampleId) {
    new AlertDialog.Builder(this)
        .setTitle(R.string.sample_delete_title)
        .setPositiveButton(R.string.action_delete,
            (d, w) -> change(() -> repository.deleteSample(sampleId)))
        .setNegativeButton(R.string.action_cancel, null)
        .show();
  }

  /** Applies a change in the background, reports a rejected one, then reloads. */
  private void change(Runnable edit) {
    background.execute(() -> {
      try {
        edit.run();
      } catch (IllegalArgumentException e) {
        runOnUiThread(() -> Toast.makeText(this, e.getMessage(), Toast.LENGTH_LONG).show());
      }
      runOnUiThread(this::reload);
    });
  }

  /** Square thumbnails of the selected class, newest first. */
  private final class ThumbnailAdapter extends BaseAdapter {
    @Override
    public int getCount() {
      return entries.size();
    }

    @Override
    public Object getItem(int position) {
      return entries.get(position);
    }

    @Override
    public long getItemId(int position) {
      return entries.get(position).id();
    }

    @Override
    public View getView(int position, View convertView, ViewGroup parent) {
      ImageView view = convertView instanceof ImageView ? (ImageView) convertView
          : new ImageView(SamplesActivity.this);
      int side = ((GridView) parent).getColumnWidth();
      view.setLayoutParams(new AbsListView.LayoutParams(side > 0 ? side
          : ViewGroup.LayoutParams.MATCH_PARENT, side > 0 ? side : 300));
      view.setScaleType(ImageView.ScaleType.CENTER_CROP);
      view.setContentDescription(getString(R.string.sample_thumbnail));
      view.setImageBitmap(thumbnails.get(position));
      return view;
    }
  }
}
