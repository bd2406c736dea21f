package org.snaptune.settings;

import android.os.Bundle;
import android.text.InputType;
import android.view.View;
import android.widget.AdapterView;
import android.widget.ArrayAdapter;
import android.widget.CompoundButton;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.ScrollView;
import android.widget.Spinner;
import android.widget.TextView;
import androidx.appcompat.app.AppCompatActivity;
import androidx.lifecycle.ViewModelProvider;
import com.google.android.material.materialswitch.MaterialSwitch;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;
import org.snaptune.ui.ThemeColors;
import org.snaptune.ui.Views;

/**
 * The training settings screen: one row per {@link Setting} with its title, a one-line explanation
 * of what the current choice does, and the editor its descriptor's {@link Setting.Type} asks for
 * (a list for choices, a switch for on/off, a number field otherwise). It draws the
 * {@link SettingsState} of its {@link SettingsViewModel}, which validates through
 * {@link TrainingSettings} and persists; an invalid value is reported with the reason and nothing
 * is saved. Main thread only.
 */
public final class SettingsActivity extends AppCompatActivity {

  private final Map<Setting, View> editors = new EnumMap<>(Setting.class);
  private final Map<Setting, TextView> explanations = new EnumMap<>(Setting.class);
  private SettingsViewModel model;
  private ThemeColors colors;
  private TrainingSettings applied;
  private TextView error;

  @Override
  protected void onCreate(Bundle savedInstanceState) {
    super.onCreate(savedInstanceState);
    setTitle(R.string.settings_title);
    model = new ViewModelProvider(this, SettingsViewModel.factory(
        SnapTuneApplication.services(this).settings()))
        .get(SettingsViewModel.class);
    colors = ThemeColors.of(this);
    Views v = new Views(this);
    LinearLayout col = v.column();
    col.addView(v.text(getString(R.string.settings_title), 22, true));
    error = v.text("", 13, true);
    error.setId(R.id.settings_error);
    error.setVisibility(View.GONE);
    col.addView(error);
    TrainingSettings current = model.state().getValue().shown();
    for (Setting s : Setting.values()) {
      col.addView(row(v, s, current));
    }
    applied = current;
    col.addView(v.row(
        v.button(R.id.settings_reset, R.string.settings_reset, R.string.settings_reset_label,
            x -> model.showDefaults()),
        v.button(R.id.settings_save, R.string.settings_save, R.string.settings_save_label,
            x -> model.save(editedValues()))));
    ScrollView scroll = new ScrollView(this);
    scroll.addView(col);
    setContentView(scroll);
    model.state().observe(this, this::render);
  }

  private void render(SettingsState state) {
    if (state.shown() != applied) {
      applied = state.shown();
      show(applied);
    }
    switch (state.outcome()) {
      case NONE:
        error.setVisibility(View.GONE);
        break;
      case SAVED:
        error.setTextColor(colors.success());
        error.setText(R.string.settings_saved);
        error.setVisibility(View.VISIBLE);
        break;
      case INVALID:
        error.setTextColor(colors.error());
        error.setText(state.problem());
        error.setVisibility(View.VISIBLE);
        break;
      default:
        throw new IllegalStateException("unknown settings outcome " + state.outcome());
    }
  }

  private View row(Views v, Setting s, TrainingSettings current) {
    LinearLayout row = new LinearLayout(this);
    row.setOrientation(LinearLayout.VERTICAL);
    row.setPadding(0, v.dp(6), 0, v.dp(2));
    row.addView(v.text(s.title(), 15, true));
    TextView explanation = v.text(current.explain(s), 12, false);
    explanation.setTextColor(colors.onSurfaceVariant());
    explanations.put(s, explanation);
    row.addView(explanation);
    View editor = editor(s, current.value(s));
    editor.setTag(s.key());
    editor.setContentDescription(s.title());
    editors.put(s, editor);
    row.addView(editor);
    return row;
  }

  /** The editor the setting's descriptor asks for: a list, a switch or a number field. */
  private View editor(Setting s, String value) {
    switch (s.type()) {
      case CHOICE:
        Spinner spinner = new Spinner(this, Spinner.MODE_DROPDOWN);
        ArrayAdapter<String> adapter = new ArrayAdapter<>(this,
            android.R.layout.simple_spinner_item);
        adapter.setDropDownViewResource(android.R.layout.simple_spinner_dropdown_item);
        adapter.addAll(s.choices());
        spinner.setAdapter(adapter);
        spinner.setSelection(adapter.getPosition(value));
        spinner.setOnItemSelectedListener(new AdapterView.OnItemSelectedListener() {
          @Override
          public void onItemSelected(AdapterView<?> parent, View view, int position, long id) {
            refreshExplanations();
          }

          @Override
          public void onNothingSelected(AdapterView<?> parent) {
            refreshExplanations();
          }
        });
        return spinner;
      case SWITCH:
        MaterialSwitch toggle = new MaterialSwitch(this);
        toggle.setChecked(Boolean.parseBoolean(value));
        toggle.setOnCheckedChangeListener((b, on) -> refreshExplanations());
        return toggle;
      case WHOLE_NUMBER:
      case DECIMAL:
        EditText field = new EditText(this);
        field.setSingleLine(true);
        field.setInputType(s.type() == Setting.Type.WHOLE_NUMBER ? InputType.TYPE_CLASS_NUMBER
            : InputType.TYPE_CLASS_NUMBER | InputType.TYPE_NUMBER_FLAG_DECIMAL);
        field.setText(value);
        return field;
      default:
        throw new IllegalArgumentException("no editor for setting type " + s.type());
    }
  }

  /** The editors' current text, by setting key. */
  Map<String, String> editedValues() {
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<Setting, View> e : editors.entrySet()) {
      View view = e.getValue();
      String text;
      if (view instanceof Spinner) {
        text = String.valueOf(((Spinner) view).getSelectedItem());
      } else if (view instanceof CompoundButton) {
        text = Boolean.toString(((CompoundButton) view).isChecked());
      } else {
        text = ((EditText) view).getText().toString();
      }
      map.put(e.getKey().key(), text);
    }
    return map;
  }

  private void refreshExplanations() {
    TrainingSettings s = model.preview(editedValues());
    if (s == null) {
      return; // a half-typed number is normal while editing; Save reports it
    }
    for (Map.Entry<Setting, TextView> e : explanations.entrySet()) {
      e.getValue().setText(s.explain(e.getKey()));
    }
  }

  private void show(TrainingSettings s) {
    for (Map.Entry<Setting, View> e : editors.entrySet()) {
      String value = s.value(e.getKey());
      View view = e.getValue();
      if (view instanceof Spinner) {
        @SuppressWarnings("unchecked")
        ArrayAdapter<String> adapter = (ArrayAdapter<String>) ((Spinner) view).getAdapter();
        ((Spinner) view).setSelection(adapter.getPosition(value));
      } else if (view instanceof CompoundButton) {
        ((CompoundButton) view).setChecked(Boolean.parseBoolean(value));
      } else {
        ((EditText) view).setText(value);
      }
    }
    refreshExplanations();
  }
}
