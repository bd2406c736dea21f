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
import android.view.TextureView;
import android.view.View;
import android.view.ViewGroup;
import android.widget.Button;
import android.widget.EditText;
import android.widget.FrameLayout;
import android.widget.ImageView;
import android.widget.TextView;
import android.widget.Toast;
import androidx.activity.ComponentActivity;
import androidx.activity.result.ActivityResultLauncher;
import androidx.activity.result.contract.ActivityResultContracts;
import androidx.lifecycle.ViewModelProvider;
import androidx.recyclerview.widget.LinearLayoutManager;
import androidx.recyclerview.widget.RecyclerView;
import org.snaptune.AppServices;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;
import org.snaptune.camera.CameraSource;
import org.snaptune.samples.SamplesActivity;
import org.snaptune.settings.Delegate;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.status.MainActivity;
import org.snaptune.ui.ThemeColors;
import org.snaptune.vision.Classification;

/**
 * The main screen: live camera, the backbone's ImageNet top 3 (or the user's classes once a head is
 * trained), the engine and its latency, and the class bar (tap: add a sample, hold: burst).
 * Overlays ({@link MessageOverlay}) explain what is missing: camera permission, a camera, or a
 * backbone. Chips ({@link ClassChipAdapter}) and predictions ({@link PredictionAdapter}) are
 * RecyclerView lists diffed against the last state, so frames never rebuild them.
 *
 * <p>The camera is opened in onResume and closed in onPause; frames go straight to the
 * {@link ClassifyViewModel} on the camera thread. The engine (accelerator and CPU threads) is the
 * one saved in the container's settings store: read again in onResume, so a change made on the Settings
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
  private MessageOverlay overlay;
  private PredictionAdapter predictions;
  private ClassChipAdapter chips;
  private View classBar;
  private Button delegateButton;
  private boolean resumed;

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
    overlay = new MessageOverlay(this);
    predictions = new PredictionAdapter();
    list(R.id.camera_predictions, predictions, RecyclerView.VERTICAL);
    chips = new ClassChipAdapter(new ChipActions());
    classBar = list(R.id.camera_classes, chips, RecyclerView.HORIZONTAL);
    delegateButton = findViewById(R.id.camera_delegate);
    delegateButton.setOnClickListener(v -> {
      Delegate chosen = next(state.delegate());
      ClassifyViewModels.saveDelegate(services, chosen);
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
    model.modelCrop().observe(this, this::showModelCrop);
  }

  @Override
  protected void onResume() {
    super.onResume();
    resumed = true;
    render();
    openCamera();
    model.refresh();
    // The Settings screen may have changed the accelerator or threads while this one was away.
    TrainingSettings settings = ClassifyViewModels.saved(services);
    boolean reloading = model.setEngine(settings.delegate(), settings.threads());
    model.reloadIfHeadChanged(reloading);
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

  private RecyclerView list(int id, RecyclerView.Adapter<?> adapter, int orientation) {
    RecyclerView view = findViewById(id);
    LinearLayoutManager layout = new LinearLayoutManager(this, orientation, false);
    view.setLayoutManager(layout);
    // No change animations: an animated change swaps in a new chip view, which would cancel a
    // press (a tap or a hold) whenever a sample count changed during it.
    view.setItemAnimator(null);
    view.setAdapter(adapter);
    // Items inserted at the front (the classes arriving before "+ Class") would be laid out
    // around the old first item, leaving the bar scrolled to its end: a list at its start stays.
    adapter.registerAdapterDataObserver(new RecyclerView.AdapterDataObserver() {
      @Override
      public void onItemRangeInserted(int start, int count) {
        if (start == 0 && !view.canScrollHorizontally(-1) && !view.canScrollVertically(-1)) {
          layout.scrollToPosition(0);
        }
      }
    });
    return view;
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
    delegateButton.setContentDescription(getString(R.string.camera_delegate_description,
        delegateButton.getText()));
    chips.show(state.classes());
    CameraPermission p = CameraPermission.of(this);
    if (!hasCamera) {
      overlay.show(getString(R.string.camera_none_title), getString(R.string.camera_none_body),
          MessageOverlay.NO_PROGRESS);
    } else if (p == CameraPermission.DENIED_PERMANENTLY) {
      overlay.show(getString(R.string.camera_perm_denied_title),
          getString(R.string.camera_perm_denied_body), MessageOverlay.NO_PROGRESS,
          getString(R.string.camera_open_settings),
          v -> startActivity(new Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS,
              Uri.fromParts("package", getPackageName(), null))), null, null);
    } else if (p != CameraPermission.GRANTED) {
      overlay.show(getString(R.string.camera_perm_title),
          getString(R.string.camera_perm_rationale), MessageOverlay.NO_PROGRESS,
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
        overlay.show(getString(R.string.camera_loading_title),
            getString(R.string.camera_loading_body), MessageOverlay.INDETERMINATE);
        break;
      case MISSING:
        overlay.show(getString(R.string.camera_missing_title),
            getString(R.string.camera_missing_body), MessageOverlay.NO_PROGRESS,
            getString(R.string.camera_download), v -> model.download(),
            getString(R.string.camera_import), v -> importModel());
        break;
      case DOWNLOADING:
        float p = state.progress();
        overlay.show(getString(R.string.camera_downloading_title), p < 0
            ? getString(R.string.camera_downloading_unknown)
            : getString(R.string.camera_downloading_body, Math.round(100 * p)),
            p < 0 ? MessageOverlay.INDETERMINATE : p, getString(R.string.camera_cancel),
            v -> model.cancelDownload(), null, null);
        break;
      case FAILED:
        overlay.show(getString(R.string.camera_failed_title), state.message(),
            MessageOverlay.NO_PROGRESS,
            getString(R.string.camera_retry), v -> model.download(),
            getString(R.string.camera_import), v -> importModel());
        break;
      case READY:
        overlay.hide();
        break;
      default:
        throw new IllegalStateException("unknown model state " + state.model());
    }
  }

  private void importModel() {
    importer.launch(new String[] {"application/octet-stream", "*/*"});
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
    boolean loaded = state.model() == ClassifyState.Model.READY && hasCamera;
    classBar.setVisibility(loaded ? View.VISIBLE : View.GONE);
    mode.setVisibility(loaded ? View.VISIBLE : View.GONE);
    Classification result = ready ? state.result() : null;
    predictions.show(result == null ? null : result.predictions());
    if (result == null) {
      mode.setText(ModeLine.waiting(this, state));
      return;
    }
    boolean personal = result.source() != Classification.Source.IMAGENET;
    mode.setText(ModeLine.of(this, state, result.source()));
    // Two colours so the switch from ImageNet to the user's own classes cannot be missed; read
    // from the view's context, which carries the camera's dark overlay in both system modes.
    ThemeColors colors = ThemeColors.of(mode.getContext());
    mode.setTextColor(personal ? colors.success() : colors.primary());
  }

  /** The chips' gestures, forwarded to the ViewModel (a hold ends when the finger lifts). */
  private final class ChipActions implements ClassChipAdapter.Actions {
    @Override
    public void tap(long classId) {
      model.addSample(classId);
    }

    @Override
    public void hold(long classId) {
      model.startBurst(classId);
    }

    @Override
    public void release() {
      model.stopBurst();
    }

    @Override
    public void addClass() {
      askClassName();
    }
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

  private void showModelCrop(ModelCrop.Picture p) {
    modelView.setImageBitmap(Bitmap.createBitmap(p.pixels, p.width, p.height,
        Bitmap.Config.ARGB_8888));
    modelView.setVisibility(View.VISIBLE);
  }
}
