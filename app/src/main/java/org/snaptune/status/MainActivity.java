package org.snaptune.status;

import android.Manifest;
import android.content.pm.PackageManager;
import android.os.Bundle;
import android.widget.Button;
import android.widget.TextView;
import androidx.activity.result.ActivityResultLauncher;
import androidx.activity.result.contract.ActivityResultContracts;
import androidx.appcompat.app.AppCompatActivity;
import androidx.lifecycle.ViewModelProvider;
import org.snaptune.AppServices;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;

/**
 * The status screen, opened by "More" on the camera screen (the launcher): the model runtime and
 * the backbone the camera uses, the camera permission, and the way to training. It draws the
 * typed {@link RuntimeStatus} of its {@link MainViewModel} and touches no storage itself.
 */
public final class MainActivity extends AppCompatActivity {

  private TextView cameraStatus;
  private final ActivityResultLauncher<String> cameraPermission =
      registerForActivityResult(new ActivityResultContracts.RequestPermission(), granted -> showCameraStatus());

  @Override
  protected void onCreate(Bundle savedInstanceState) {
    super.onCreate(savedInstanceState);
    setContentView(R.layout.activity_main);
    TextView runtimeStatus = findViewById(R.id.runtime_status);
    cameraStatus = findViewById(R.id.camera_status);
    Button grant = findViewById(R.id.grant_camera);
    grant.setOnClickListener(v -> cameraPermission.launch(Manifest.permission.CAMERA));
    findViewById(R.id.open_training).setOnClickListener(v -> startActivity(
        new android.content.Intent(this, org.snaptune.training.TrainingActivity.class)));

    AppServices services = SnapTuneApplication.services(this);
    MainViewModel model = new ViewModelProvider(this, MainViewModel.factory(services)).get(MainViewModel.class);
    model.status().observe(this, s -> runtimeStatus.setText(describe(s)));
    showCameraStatus();
  }

  private void showCameraStatus() {
    boolean granted = checkSelfPermission(Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED;
    cameraStatus.setText(granted ? R.string.camera_granted : R.string.camera_not_granted);
  }

  private String describe(RuntimeStatus s) {
    switch (s.state()) {
      case CHECKING:
        return getString(R.string.status_checking, s.runtime());
      case NO_BACKBONE:
        return getString(R.string.status_no_backbone, s.runtime(), s.model());
      case READY:
        return getString(R.string.status_ready, s.runtime(), s.model(), s.signatures().size(),
            String.join(", ", s.signatures()));
      case FAILED:
        return getString(R.string.status_failed, s.runtime(), s.model(), s.error());
      default:
        throw new IllegalStateException("unknown state " + s.state());
    }
  }
}
