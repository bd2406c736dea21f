package org.snaptune.samples;

import android.app.AlertDialog;
import android.os.Bundle;
import android.view.View;
import android.widget.EditText;
import android.widget.TextView;
import android.widget.Toast;
import androidx.appcompat.app.AppCompatActivity;
import androidx.lifecycle.ViewModelProvider;
import androidx.recyclerview.widget.GridLayoutManager;
import androidx.recyclerview.widget.RecyclerView;
import com.google.android.material.chip.Chip;
import com.google.android.material.chip.ChipGroup;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;

/**
 * Review of the stored samples: pick a class, see its pictures, delete a sample by tapping it,
 * rename or delete the class. Draws the {@link SamplesState} its {@link SamplesViewModel}
 * publishes and forwards taps to it; it touches no storage itself. Main thread only.
 */
public final class SamplesActivity extends AppCompatActivity {

  static final String STATE_SELECTED = "selected_class";

  private SamplesViewModel model;
  private SampleGridAdapter adapter;
  private SamplesState shown = SamplesState.LOADING;

  @Override
  protected void onCreate(Bundle savedInstanceState) {
    super.onCreate(savedInstanceState);
    setContentView(R.layout.activity_samples);
    setTitle(R.string.samples_title);
    model = new ViewModelProvider(this, SamplesViewModels.factory(
        SnapTuneApplication.services(this))).get(SamplesViewModel.class);
    if (savedInstanceState != null) {
      model.restoreSelection(savedInstanceState.getLong(STATE_SELECTED, -1));
    }
    RecyclerView grid = findViewById(R.id.samples_grid);
    int columnWidth = getResources().getDimensionPixelSize(R.dimen.samples_column_width);
    int columns = Math.max(2, getResources().getDisplayMetrics().widthPixels / columnWidth);
    grid.setLayoutManager(new GridLayoutManager(this, columns));
    adapter = new SampleGridAdapter(model.thumbnails(), this::confirmDeleteSample);
    grid.setAdapter(adapter);
    findViewById(R.id.samples_rename).setOnClickListener(v -> askRename());
    findViewById(R.id.samples_delete_class).setOnClickListener(v -> confirmDeleteClass());
    model.state().observe(this, this::show);
    model.rejected().observe(this, why -> {
      if (why != null) {
        Toast.makeText(this, why, Toast.LENGTH_LONG).show();
        model.rejectionShown();
      }
    });
  }

  @Override
  protected void onResume() {
    super.onResume();
    // Samples may have been added on the camera screen meanwhile.
    model.reload();
  }

  @Override
  protected void onSaveInstanceState(Bundle out) {
    super.onSaveInstanceState(out);
    out.putLong(STATE_SELECTED, model.selectedId());
  }

  private void show(SamplesState s) {
    shown = s;
    adapter.submitList(s.samples());
    showClasses(s);
    TextView summary = findViewById(R.id.samples_summary);
    TextView empty = findViewById(R.id.samples_empty);
    View grid = findViewById(R.id.samples_grid);
    boolean hasClass = s.selected() != null;
    findViewById(R.id.samples_rename).setVisibility(hasClass ? View.VISIBLE : View.GONE);
    findViewById(R.id.samples_delete_class).setVisibility(hasClass ? View.VISIBLE : View.GONE);
    switch (s.kind()) {
      case LOADING:
        summary.setText("");
        empty.setVisibility(View.GONE);
        grid.setVisibility(View.GONE);
        break;
      case NO_CLASSES:
        summary.setText("");
        empty.setText(R.string.samples_no_classes);
        empty.setVisibility(View.VISIBLE);
        grid.setVisibility(View.GONE);
        break;
      case EMPTY_CLASS:
        summary.setText(R.string.samples_summary_none);
        empty.setText(R.string.samples_empty);
        empty.setVisibility(View.VISIBLE);
        grid.setVisibility(View.GONE);
        break;
      case SAMPLES:
        summary.setText(getString(R.string.samples_summary, s.selected().sampleCount()));
        empty.setVisibility(View.GONE);
        grid.setVisibility(View.VISIBLE);
        break;
      default:
        throw new IllegalStateException("unknown samples state " + s.kind());
    }
  }

  private void showClasses(SamplesState s) {
    ChipGroup bar = findViewById(R.id.samples_classes);
    bar.setOnCheckedStateChangeListener(null);
    bar.removeAllViews();
    for (SampleClass c : s.classes()) {
      Chip chip = new Chip(this);
      chip.setId(View.generateViewId());
      chip.setCheckable(true);
      chip.setText(getString(R.string.camera_class_chip, c.name(), c.sampleCount()));
      chip.setContentDescription(getString(R.string.class_chip_label, c.name(), c.sampleCount()));
      chip.setTag(c.id());
      bar.addView(chip);
      if (s.selected() != null && c.id() == s.selected().id()) {
        bar.check(chip.getId());
      }
    }
    bar.setOnCheckedStateChangeListener((group, checked) -> {
      if (!checked.isEmpty()) {
        Object id = group.findViewById(checked.get(0)).getTag();
        model.select((Long) id);
      }
    });
  }

  private void askRename() {
    SampleClass c = shown.selected();
    if (c == null) {
      return;
    }
    EditText name = new EditText(this);
    name.setSingleLine();
    name.setText(c.name());
    name.setContentDescription(getString(R.string.class_name_hint));
    new AlertDialog.Builder(this)
        .setTitle(getString(R.string.class_rename_title, c.name()))
        .setView(name)
        .setPositiveButton(R.string.action_rename,
            (d, w) -> model.rename(c.id(), name.getText().toString()))
        .setNegativeButton(R.string.action_cancel, null)
        .show();
  }

  private void confirmDeleteClass() {
    SampleClass c = shown.selected();
    if (c == null) {
      return;
    }
    new AlertDialog.Builder(this)
        .setTitle(getString(R.string.class_delete_title, c.name()))
        .setMessage(getString(R.string.class_delete_body, c.sampleCount()))
        .setPositiveButton(R.string.action_delete, (d, w) -> model.deleteClass(c.id()))
        .setNegativeButton(R.string.action_cancel, null)
        .show();
  }

  private void confirmDeleteSample(long sampleId) {
    new AlertDialog.Builder(this)
        .setTitle(R.string.sample_delete_title)
        .setPositiveButton(R.string.action_delete, (d, w) -> model.deleteSample(sampleId))
        .setNegativeButton(R.string.action_cancel, null)
        .show();
  }
}
