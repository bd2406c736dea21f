package org.snaptune.classify;

import android.Manifest;
import android.app.AlertDialog;
import android.content.Intent;
import android.graphics.Bitmap;
import android.graphics.Color;
import android.net.Uri;
import android.os.Bundle;
import android.provider.Settings;
import android.view.Gravity;
import android.view.LayoutInflater;
import android.view.MotionEvent;
import android.view.TextureView;
import android.view.View;
import android.view.ViewGroup;
import android.widget.Button;
import android.widget.EditText;
import android.widget.FrameLayout;
import android.widget.ImageView;
import android.widget.LinearLayout;
import android.widget.ProgressBar;
import android.widget.TextView;
import android.widget.Toast;
import androidx.activity.ComponentActivity;
import androidx.activity.result.ActivityResultLauncher;
import androidx.activity.result.contract.ActivityResultContracts;
import androidx.lifecycle.ViewModelProvider;
import org.snaptune.AppServices;
import org.snaptune.MainActivity;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;
import org.snaptune.camera.CameraSource;
import org.snaptune.samples.SampleClass;
import org.snaptune.samples.SamplesActivity;
import org.snaptune.settings.Delegate;
import org.snaptune.settings.SettingsStore;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.training.TrainedHeadStore;
import org.snaptune.vision.Classification;
import org.snaptune.vision.Prediction;
import java.util.ArrayList;
import java.util.List;

/**
 * The main screen: live camera, the backbone's ImageNet top 3 (or the user's classes once a head is
 * trained), the engine and its latency, and the class bar (tap: add a sample, hold: burst).
 * Overlays explain what is missing: camera permission, a camera, or a backbone.
 *
 * <p>The camera is opened in onResume and closed in onPause; frames go straight to the
 * {@link ClassifyViewModel} on the camera thread. The engine (accelerator and CPU threads) is the
 * one saved in {@link SettingsStore}: read again in onResume, so a change made on the Settings
 * screen applies on return, and the Engine toggle saves there too. Main thread only.
 */
public final class CameraActivity extends ComponentActivity {

  private ClassifyViewModel model;
  private AppServices services;
  private CameraSource source;
  private ClassifyState state;
  private boolean hasCamera;
  private TextureView preview;
  private ImageView modelView;
  private TextView engine;
  private TextView mode;
  private LinearLayout predictions;
  private LinearLayout classes;
  private Button delegateButton;
  private long headVersion;
  private boolean resumed;
  /** The classes the chips show (ids and names); chips are rebuilt only when these change. */
  private List<SampleClass> chipClasses;

  private final ActivityResultLauncher<String> permission = registerForActivityResult(
      new ActivityResultContracts.RequestPermission(), granted -> {
        CameraPermission.markAsked(this);
        render();
        openCamera();
      });

  private final ActivityResultLauncher<String[]> importer = registerForActivityResult(
      new ActivityResultContracts.OpenDocument(), uri -> {
        if (uri != null) {
          model.importModel(() -> getContentResolver().openInputStream(uri));
        }
      });

  @Override
  protected void onCreate(Bundle savedInstanceState) {
    super.onCreate(savedInstanceState);
    setContentView(R.layout.activity_camera);
    setTitle(R.string.camera_title);
    services = SnapTuneApplication.services(this);
    hasCamera = services.cameraSourceFactory().hasCamera(this);
    preview = findViewById(R.id.camera_preview);
    modelView = findViewById(R.id.camera_model_view);
    engine = findViewById(R.id.camera_engine);
    mode = findViewById(R.id.camera_mode);
    predictions = findViewById(R.id.camera_predictions);
    classes = findViewById(R.id.camera_classes);
    delegateButton = findViewById(R.id.camera_delegate);
    delegateButton.setOnClickListener(v -> {
      Delegate chosen = next(state.delegate());
      ClassifyViewModels.saveDelegate(this, chosen);
      model.setDelegate(chosen);
    });
    findViewById(R.id.camera_review).setOnClickListener(v ->
        startActivity(new Intent(this, SamplesActivity.class)));
    findViewById(R.id.camera_more).setOnClickListener(v ->
        startActivity(new Intent(this, MainActivity.class)));

    model = new ViewModelProvider(this, ClassifyViewModels.factory(this, services))
        .get(ClassifyViewModel.class);
    model.state().observe(this, s -> {
      state = s;
      render();
    });
    model.observeNotices(this, text -> Toast.makeText(this, text, Toast.LENGTH_LONG).show());
    model.crop().observe(this, this::showCrop);
    headVersion = TrainedHeadStore.version();
  }

  @Override
  protected void onResume() {
    super.onResume();
    resumed = true;
    render();
    openCamera();
    model.refresh();
    // The Settings screen may have changed the accelerator or threads while this one was away.
    TrainingSettings settings = new SettingsStore(this).load();
    boolean reloading = model.setEngine(settings.delegate(), settings.threads());
    if (headVersion != TrainedHeadStore.version()) {
      headVersion = TrainedHeadStore.version(); // training saved or cleared a head meanwhile
      if (!reloading) { // an engine reload reads the new head anyway
        model.reload();
      }
    }
  }

  @Override
  protected void onPause() {
    resumed = false;
    closeCamera();
    model.stopBurst();
    super.onPause();
  }

  private void openCamera() {
    if (source != null || !resumed || !hasCamera
        || CameraPermission.of(this) != CameraPermission.GRANTED) {
      return;
    }
    source = services.cameraSourceFactory().create(this, preview);
    boolean live = source.drawsPreview();
    preview.setVisibility(live ? View.VISIBLE : View.INVISIBLE);
    // Without a live picture, the backbone's view of the frames fills the preview area.
    FrameLayout.LayoutParams params = (FrameLayout.LayoutParams) modelView.getLayoutParams();
    params.width = live ? dp(96) : ViewGroup.LayoutParams.MATCH_PARENT;
    params.height = live ? dp(96) : ViewGroup.LayoutParams.MATCH_PARENT;
    params.gravity = live ? Gravity.BOTTOM | Gravity.END : Gravity.CENTER;
    modelView.setLayoutParams(params);
    modelView.setBackgroundColor(live ? Color.WHITE : Color.TRANSPARENT);
    source.open(model);
  }

  private void closeCamera() {
    if (source != null) {
      source.close();
      source = null;
    }
    preview.setVisibility(View.INVISIBLE);
  }

  private int dp(int value) {
    return Math.round(value * getResources().getDisplayMetrics().density);
  }

  private static Delegate next(Delegate d) {
    switch (d) {
      case AUTO: return Delegate.GPU;
      case GPU: return Delegate.CPU;
      case CPU: return Delegate.AUTO;
      default: throw new IllegalStateException("unknown delegate " + d);
    }
  }

  /** Shows the one overlay that matters most, or the live results when nothing is missing. */
  private void render() {
    if (state == null) {
      return;
    }
    delegateButton.setText(state.delegate() == Delegate.GPU ? R.string.camera_delegate_gpu
        : state.delegate() == Delegate.CPU ? R.string.camera_delegate_cpu
        : R.string.camera_delegate_auto);
    renderClasses();
    CameraPermission p = CameraPermission.of(this);
    if (!hasCamera) {
      message(getString(R.string.camera_none_title), getString(R.string.camera_none_body), -2,
          null, null, null, null);
    } else if (p == CameraPermission.DENIED_PERMANENTLY) {
      message(getString(R.string.camera_perm_denied_title),
          getString(R.string.camera_perm_denied_body), -2, getString(R.string.camera_open_settings),
          v -> startActivity(new Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS,
              Uri.fromParts("package", getPackageName(), null))), null, null);
    } else if (p != CameraPermission.GRANTED) {
      message(getString(R.string.camera_perm_title), getString(R.string.camera_perm_rationale), -2,
          getString(R.string.camera_perm_allow),
          v -> permission.launch(Manifest.permission.CAMERA), null, null);
    } else {
      renderModel();
    }
    renderResults();
  }

  private void renderModel() {
    switch (state.model()) {
      case LOADING:
        message(getString(R.string.camera_loading_title), getString(R.string.camera_loading_body),
            -1, null, null, null, null);
        break;
      case MISSING:
        message(getString(R.string.camera_missing_title), getString(R.string.camera_missing_body),
            -2, getString(R.string.camera_download), v -> model.download(),
            getString(R.string.camera_import), v -> importModel());
        break;
      case DOWNLOADING:
        float p = state.progress();
        message(getString(R.string.camera_downloading_title), p < 0
            ? getString(R.string.camera_downloading_unknown)
            : getString(R.string.camera_downloading_body, Math.round(100 * p)),
            p, getString(R.string.camera_cancel), v -> model.cancelDownload(), null, null);
        break;
      case FAILED:
        message(getString(R.string.camera_failed_title), state.message(), -2,
            getString(R.string.camera_retry), v -> model.download(),
            getString(R.string.camera_import), v -> importModel());
        break;
      case READY:
        findViewById(R.id.camera_message).setVisibility(View.GONE);
        break;
      default:
        throw new IllegalStateException("unknown model state " + state.model());
    }
  }

  private void importModel() {
    importer.launch(new String[] {"application/octet-stream", "*/*"});
  }

  /**
   * Fills the overlay. {@code progress}: -2 hides the bar, -1 indeterminate, else 0..1.
   */
  private void message(String title, String body, float progress, String primary,
      View.OnClickListener onPrimary, String secondary, View.OnClickListener onSecondary) {
    findViewById(R.id.camera_message).setVisibility(View.VISIBLE);
    ((TextView) findViewById(R.id.camera_message_title)).setText(title);
    ((TextView) findViewById(R.id.camera_message_body)).setText(body);
    ProgressBar bar = findViewById(R.id.camera_message_progress);
    bar.setVisibility(progress == -2 ? View.GONE : View.VISIBLE);
    bar.setIndeterminate(progress == -1);
    if (progress >= 0) {
      bar.setProgress(Math.round(progress * bar.getMax()));
    }
    button(R.id.camera_message_primary, primary, onPrimary);
    button(R.id.camera_message_secondary, secondary, onSecondary);
  }

  private void button(int id, String text, View.OnClickListener onClick) {
    Button b = findViewById(id);
    b.setVisibility(text == null ? View.GONE : View.VISIBLE);
    b.setText(text);
    b.setOnClickListener(onClick);
  }

  private void renderResults() {
    boolean ready = state.model() == ClassifyState.Model.READY
        && CameraPermission.of(this) == CameraPermission.GRANTED && hasCamera;
    engine.setVisibility(ready && state.engine() != null ? View.VISIBLE : View.GONE);
    if (state.engine() != null) {
      String text = state.result() == null
          ? getString(R.string.camera_engine_waiting, state.engine())
          : getString(R.string.camera_engine_format, state.engine(), state.latencyMillis());
      if (state.fallback() != null) {
        text += "\n" + getString(R.string.camera_fallback, state.fallback());
      }
      engine.setText(text);
    }
    predictions.removeAllViews();
    boolean loaded = state.model() == ClassifyState.Model.READY && hasCamera;
    findViewById(R.id.camera_classes_scroll).setVisibility(loaded ? View.VISIBLE : View.GONE);
    mode.setVisibility(loaded ? View.VISIBLE : View.GONE);
    Classification result = ready ? state.result() : null;
    if (result == null) {
      mode.setText(state.classes().isEmpty() ? getString(R.string.camera_hint)
          : getString(R.string.camera_sample_added, state.samplesAdded()));
      return;
    }
    boolean personal = result.source() != Classification.Source.IMAGENET;
    mode.setText(modeLine(result.source()));
    // Two colours so the switch from ImageNet to the user's own classes cannot be missed.
    mode.setTextColor(personal ? Color.parseColor("#FF9BE39B") : Color.parseColor("#FF8FD0FF"));
    LayoutInflater inflater = getLayoutInflater();
    int shown = 0;
    for (Prediction p : result.predictions()) {
      if (shown++ == 3) {
        break;
      }
      View row = inflater.inflate(R.layout.item_prediction, predictions, false);
      ((TextView) row.findViewById(R.id.prediction_label)).setText(p.label());
      ProgressBar bar = row.findViewById(R.id.prediction_bar);
      bar.setProgress(Math.round(p.probability() * bar.getMax()));
      ((TextView) row.findViewById(R.id.prediction_percent))
          .setText(getString(R.string.camera_percent, 100f * p.probability()));
      predictions.addView(row);
    }
  }

  /** Which classifier produced the frame's result, and what the user can do next. */
  private String modeLine(Classification.Source source) {
    String line;
    switch (source) {
      case PERSONAL:
        line = getString(R.string.camera_mode_personal);
        break;
      case PROTOTYPES:
        line = getString(R.string.camera_mode_prototypes, state.prototypeSamples());
        break;
      case IMAGENET:
      default:
        int named = state.classes().size();
        int withSamples = 0;
        for (SampleClass c : state.classes()) {
          withSamples += c.sampleCount() > 0 ? 1 : 0;
        }
        line = getString(named == 0 ? R.string.camera_mode_imagenet
            : named == 1 ? R.string.camera_mode_second_class
            : withSamples < 2 ? R.string.camera_mode_need_samples
            : R.string.camera_mode_imagenet);
        break;
    }
    return state.headSetAside() ? line + "\n" + getString(R.string.camera_mode_head_set_aside)
        : line;
  }

  /**
   * Rebuilds the chips only when classes were added, renamed or deleted; a new sample count only
   * changes a chip's text. Rebuilding on every frame would cancel the press in progress (a tap
   * or a hold) whenever a frame arrived during it.
   *
   * <p>Lint's ClickableViewAccessibility is suppressed: the touch listener only watches for the
   * release that ends a burst and returns false, so clicks (also accessibility clicks) still
   * reach performClick.
   */
  @android.annotation.SuppressLint("ClickableViewAccessibility")
  private void renderClasses() {
    List<SampleClass> now = state.classes();
    if (chipClasses != null && sameClasses(chipClasses, now)) {
      for (int i = 0; i < now.size(); i++) {
        SampleClass c = now.get(i);
        Button chip = (Button) classes.getChildAt(i);
        String text = getString(R.string.camera_class_chip, c.name(), c.sampleCount());
        if (!text.contentEquals(chip.getText())) {
          chip.setText(text);
        }
      }
      return;
    }
    chipClasses = new ArrayList<>(now);
    classes.removeAllViews();
    for (SampleClass c : state.classes()) {
      Button chip = new Button(this);
      chip.setAllCaps(false);
      chip.setText(getString(R.string.camera_class_chip, c.name(), c.sampleCount()));
      chip.setOnClickListener(v -> model.addSample(c.id()));
      chip.setOnLongClickListener(v -> {
        model.startBurst(c.id());
        return true;
      });
      chip.setOnTouchListener((v, event) -> {
        int action = event.getActionMasked();
        if (action == MotionEvent.ACTION_UP || action == MotionEvent.ACTION_CANCEL) {
          model.stopBurst();
        }
        return false; // let click and long-click detection run
      });
      classes.addView(chip);
    }
    Button add = new Button(this);
    add.setAllCaps(false);
    add.setText(R.string.camera_add_class);
    add.setOnClickListener(v -> askClassName());
    classes.addView(add);
  }

  private static boolean sameClasses(List<SampleClass> a, List<SampleClass> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i).id() != b.get(i).id() || !a.get(i).name().equals(b.get(i).name())) {
        return false;
      }
    }
    return true;
  }

  private void askClassName() {
    EditText name = new EditText(this);
    name.setHint(R.string.class_name_hint);
    name.setSingleLine();
    new AlertDialog.Builder(this)
        .setTitle(R.string.class_new_title)
        .setView(name)
        .setPositiveButton(R.string.action_ok, (d, w) -> model.createClass(name.getText().toString()))
        .setNegativeButton(R.string.action_cancel, null)
        .show();
  }

  private void showCrop(int[] pixels) {
    int[] size = model.cropSize();
    if (pixels == null || size == null || pixels.length != size[0] * size[1]) {
      return;
    }
    modelView.setImageBitmap(Bitmap.createBitmap(pixels, size[0], size[1],
        Bitmap.Config.ARGB_8888));
    modelView.setVisibility(View.VISIBLE);
  }
}
