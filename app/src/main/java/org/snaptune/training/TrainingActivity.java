package org.snaptune.training;

import android.Manifest;
import android.content.ContentResolver;
import android.content.Intent;
import android.content.pm.PackageManager;
import android.graphics.Color;
import android.graphics.drawable.GradientDrawable;
import android.net.Uri;
import android.os.Build;
import android.os.Bundle;
import android.view.View;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.ScrollView;
import android.widget.TextView;
import androidx.activity.result.ActivityResultLauncher;
import androidx.activity.result.contract.ActivityResultContracts;
import androidx.appcompat.app.AppCompatActivity;
import androidx.lifecycle.ViewModelProvider;
import java.util.Arrays;
import java.util.Locale;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;
import org.snaptune.chart.TrainingCharts;
import org.snaptune.health.HealthThresholds;
import org.snaptune.health.Verdict;
import org.snaptune.personalise.TrainingController;
import org.snaptune.personalise.TrainingStatus;
import org.snaptune.settings.SettingsActivity;
import org.snaptune.ui.ThemeColors;
import org.snaptune.ui.Views;

/**
 * The training screen: start / pause / resume / stop, the health badge with its explanation and
 * the action taken, live charts (loss, validation accuracy, gradient norm before and after
 * clipping with the threshold, clip rate, update/weight ratio), per-class accuracy with the
 * confusion matrix, and export / import of the personalised model. Everything it shows comes from
 * the {@link TrainingViewModel} (one {@link TrainingUiState}, charts, trust report) over the
 * process-wide {@link TrainingController}, so it survives rotation and leaving the screen; export
 * and import run in the ViewModel, this screen only renders and forwards clicks. Main thread only.
 */
public final class TrainingActivity extends AppCompatActivity {

  private static final int GREEN = Color.rgb(46, 125, 50);
  private static final int BLUE = Color.rgb(25, 118, 210);
  private static final int ORANGE = Color.rgb(239, 108, 0);
  private static final int GREY = Color.rgb(117, 117, 117);
  private static final int SATURATED = Color.rgb(216, 67, 21);

  private TrainingViewModel model;
  private TextView statusText;
  private TextView progressText;
  private Button start;
  private Button pause;
  private Button stop;
  private TextView badge;
  private TextView badgeExplanation;
  private TextView badgeAction;
  private TextView badgeAdvice;
  private TextView recovery;
  private ChartView lossChart;
  private ChartView accuracyChart;
  private ChartView normChart;
  private ChartView clipChart;
  private ChartView ratioChart;
  private ConfusionView confusion;
  private TextView notice;
  private TrustReportSection trustSection;

  private final ActivityResultLauncher<String[]> pickBundle = registerForActivityResult(
      new ActivityResultContracts.OpenDocument(), this::importFrom);
  private final ActivityResultLauncher<String> notificationPermission = registerForActivityResult(
      new ActivityResultContracts.RequestPermission(), granted -> startTraining());

  @Override
  protected void onCreate(Bundle savedInstanceState) {
    super.onCreate(savedInstanceState);
    setTitle(R.string.training_title);
    model = new ViewModelProvider(this,
        TrainingViewModel.factory(SnapTuneApplication.services(this)))
        .get(TrainingViewModel.class);
    setContentView(buildViews());
    model.state().observe(this, this::show);
    model.charts().observe(this, this::showCharts);
    model.trust().observe(this, r -> trustSection.show(r));
    model.observeShares(this, f -> startActivity(BundleShare.intent(this, f)));
  }

  private View buildViews() {
    Views v = new Views(this);
    LinearLayout col = v.column();
    col.addView(v.text(getString(R.string.training_title), 22, true));
    statusText = v.text("", 14, false);
    statusText.setId(R.id.training_status);
    col.addView(statusText);
    progressText = v.text("", 13, false);
    progressText.setId(R.id.training_progress);
    progressText.setTextColor(GREY);
    col.addView(progressText);
    start = v.button(R.id.training_start, R.string.training_start, x -> onStartClicked());
    pause = v.button(R.id.training_pause, R.string.training_pause, x -> model.togglePause());
    stop = v.button(R.id.training_stop, R.string.training_stop, x -> model.stop());
    col.addView(v.row(start, pause, stop));

    badge = v.text("", 14, true);
    badge.setId(R.id.training_badge);
    badge.setTextColor(Color.WHITE);
    badge.setPadding(v.dp(10), v.dp(4), v.dp(10), v.dp(4));
    LinearLayout.LayoutParams badgeParams = new LinearLayout.LayoutParams(
        LinearLayout.LayoutParams.WRAP_CONTENT, LinearLayout.LayoutParams.WRAP_CONTENT);
    badgeParams.topMargin = v.dp(8);
    col.addView(badge, badgeParams);
    badgeExplanation = v.text("", 13, false);
    badgeExplanation.setId(R.id.training_badge_explanation);
    col.addView(badgeExplanation);
    badgeAction = v.text("", 13, false);
    badgeAction.setId(R.id.training_badge_action);
    col.addView(badgeAction);
    badgeAdvice = v.text("", 13, false);
    badgeAdvice.setId(R.id.training_badge_advice);
    col.addView(badgeAdvice);
    recovery = v.text("", 13, true);
    recovery.setId(R.id.training_recovery);
    recovery.setTextColor(ORANGE);
    col.addView(recovery);

    lossChart = chart(v, col, R.id.training_chart_loss, R.string.training_chart_loss);
    lossChart.setLogScale(true);
    accuracyChart = chart(v, col, R.id.training_chart_accuracy, R.string.training_chart_accuracy);
    accuracyChart.setYRange(0, 1);
    accuracyChart.setEmptyText("Only with 25+ photos per class (a validation set)");
    normChart = chart(v, col, R.id.training_chart_norm, R.string.training_chart_norm);
    normChart.setLogScale(true);
    clipChart = chart(v, col, R.id.training_chart_clip, R.string.training_chart_clip);
    clipChart.setYRange(0, 1);
    // The monitor's default saturation level: above it the threshold, not the gradient, steps.
    float saturated = (float) HealthThresholds.defaults().saturatedClipRate();
    clipChart.setBand(saturated, 1, SATURATED, getString(R.string.training_clip_saturated,
        Math.round(100 * saturated)));
    ratioChart = chart(v, col, R.id.training_chart_ratio, R.string.training_chart_ratio);
    ratioChart.setLogScale(true);

    col.addView(v.text(getString(R.string.training_per_class), 15, true));
    confusion = new ConfusionView(this);
    confusion.setId(R.id.training_confusion);
    confusion.setPlaceholder("Per epoch with a validation set; else see below after training.");
    col.addView(confusion);
    trustSection = new TrustReportSection(this);
    col.addView(trustSection);

    col.addView(v.row(
        v.button(R.id.training_settings, R.string.training_settings,
            x -> startActivity(new Intent(this, SettingsActivity.class))),
        v.button(R.id.training_export, R.string.training_export, x -> model.export()),
        v.button(R.id.training_import, R.string.training_import,
            x -> pickBundle.launch(new String[] {"application/zip", "application/octet-stream"}))));
    notice = v.text("", 13, false);
    notice.setId(R.id.training_notice);
    col.addView(notice);
    describeControls(col);
    ScrollView scroll = new ScrollView(this);
    scroll.addView(col);
    return scroll;
  }

  private void onStartClicked() {
    if (Build.VERSION.SDK_INT >= 33 && checkSelfPermission(Manifest.permission.POST_NOTIFICATIONS)
        != PackageManager.PERMISSION_GRANTED) {
      // Training runs either way; the permission only makes its progress notification visible.
      notificationPermission.launch(Manifest.permission.POST_NOTIFICATIONS);
    } else {
      startTraining();
    }
  }

  private void startTraining() {
    if (!TrainingScheduler.start(this)) {
      model.startRefused();
    }
  }

  /** Gives every control a spoken description (the charts and the badge describe themselves). */
  private void describeControls(View root) {
    start.setContentDescription(getString(R.string.training_start_description));
    stop.setContentDescription(getString(R.string.training_stop_description));
    root.findViewById(R.id.training_settings).setContentDescription(
        getString(R.string.training_settings_description));
    root.findViewById(R.id.training_export).setContentDescription(
        getString(R.string.training_export_description));
    root.findViewById(R.id.training_import).setContentDescription(
        getString(R.string.training_import_description));
  }

  private void show(TrainingUiState ui) {
    TrainingStatus s = ui.status();
    boolean active = s.isActive();
    start.setEnabled(ui.canStart());
    pause.setEnabled(ui.canPause());
    pause.setText(ui.pauseResumes() ? R.string.training_resume : R.string.training_pause);
    pause.setContentDescription(getString(ui.pauseResumes()
        ? R.string.training_resume_description : R.string.training_pause_description));
    stop.setEnabled(ui.canStop());
    // The run's message says what happens ("Paused", "Training failed: …"); the state is only
    // a fallback for a message-less status.
    statusText.setText(s.state() == TrainingStatus.State.IDLE ? getString(R.string.training_idle)
        : s.message().isEmpty() ? s.state().name() : s.message());
    statusText.setTextColor(ui.statusIsError() ? Color.rgb(198, 40, 40)
        : ThemeColors.of(this).onSurface());
    String line = noticeText(ui.notice());
    notice.setText(line);
    notice.setTextColor(ui.notice().isFailure() ? Color.rgb(198, 40, 40) : GREY);
    notice.setVisibility(line.isEmpty() ? View.GONE : View.VISIBLE);
    // While running, the epoch in progress; once ended, the epochs completed.
    // Runs have a step budget; epochs are secondary (the budget may end inside one).
    progressText.setText(s.totalSteps() == 0 ? "" : active
        ? String.format(Locale.ROOT, "Step %d of %d · epoch %d", s.step(), s.totalSteps(),
            Math.min(s.epoch() + 1, s.totalEpochs()))
        : String.format(Locale.ROOT, "%d of %d steps · %d epochs", s.step(), s.totalSteps(),
            s.epoch()));
  }

  private String noticeText(TrainingUiState.Notice n) {
    switch (n.kind()) {
      case NONE: return "";
      case EXPORTING: return getString(R.string.export_working);
      case EXPORTED: return getString(R.string.export_done, n.detail(), n.size() / 1024);
      case EXPORT_FAILED: return getString(R.string.export_failed, n.detail());
      case IMPORTING: return getString(R.string.import_working);
      case IMPORTED: return getString(R.string.import_done, n.count(), n.detail());
      case IMPORT_FAILED: return getString(R.string.import_failed, n.detail());
      case ALREADY_RUNNING: return getString(R.string.training_already_running);
      default: return n.detail();
    }
  }

  private void showCharts(TrainingCharts.Snapshot s) {
    Verdict verdict = s.verdict;
    // No verdict before the first step: a "healthy" badge on an untrained model would mislead.
    int badgeVisibility = s.steps == 0 ? View.GONE : View.VISIBLE;
    badge.setVisibility(badgeVisibility);
    badgeExplanation.setVisibility(badgeVisibility);
    badgeAction.setVisibility(badgeVisibility);
    badge.setText(verdict.kind().name().replace('_', ' '));
    badge.setContentDescription(getString(R.string.training_badge_description,
        verdict.kind().name().replace('_', ' ').toLowerCase(Locale.ROOT)));
    GradientDrawable shape = new GradientDrawable();
    shape.setCornerRadius(getResources().getDisplayMetrics().density * 12);
    shape.setColor(badgeColor(verdict.kind()));
    badge.setBackground(shape);
    badgeExplanation.setText(capitalise(verdict.explanation()));
    badgeAction.setText(getString(R.string.training_action, verdict.action()));
    badgeAdvice.setText(verdict.advice().isEmpty() ? ""
        : getString(R.string.training_advice, verdict.advice()));
    badgeAdvice.setVisibility(s.steps == 0 || verdict.advice().isEmpty() ? View.GONE
        : View.VISIBLE);
    String line = RecoveryLine.of(s);
    recovery.setText(line);
    recovery.setVisibility(line.isEmpty() ? View.GONE : View.VISIBLE);
    lossChart.setLines(Arrays.asList(
        new ChartView.Line("training", s.trainLoss, BLUE, false),
        new ChartView.Line("validation", s.validationLoss, ORANGE, false)));
    accuracyChart.setLines(Arrays.asList(
        new ChartView.Line("validation accuracy", s.validationAccuracy, GREEN, false)));
    normChart.setLines(Arrays.asList(
        new ChartView.Line("before clipping", s.normBefore, ORANGE, false),
        new ChartView.Line("after", s.normAfter, BLUE, false),
        new ChartView.Line("threshold", s.threshold, GREY, true)));
    boolean saturatedNow = verdict.kind() == Verdict.Kind.SATURATED_CLIPPING;
    clipChart.setLines(Arrays.asList(new ChartView.Line(saturatedNow
        ? getString(R.string.training_clip_saturated_now) : "clipped steps", s.clipRate,
        saturatedNow ? SATURATED : ORANGE, false)));
    ratioChart.setLines(Arrays.asList(new ChartView.Line("‖Δw‖/‖w‖", s.updateRatio, BLUE,
        false)));
    confusion.setEvaluation(s.evaluation);
  }

  static int badgeColor(Verdict.Kind kind) {
    switch (kind) {
      case HEALTHY: return GREEN;
      case STALLED: return Color.rgb(249, 168, 37);
      case OVERFITTING: return Color.rgb(142, 36, 170);
      case SATURATED_CLIPPING: return SATURATED;
      case VANISHING: return Color.rgb(84, 110, 122);
      case COLLAPSED: return Color.rgb(136, 14, 79);
      case EXPLODING: return ORANGE;
      case DIVERGED: return Color.rgb(198, 40, 40);
      default: return GREY;
    }
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  // Package-private: tests hand in a picked document directly.
  void importFrom(Uri uri) {
    if (uri == null) {
      return;
    }
    ContentResolver resolver = getApplicationContext().getContentResolver();
    model.importBundle(() -> resolver.openInputStream(uri));
  }

  /** Adds a titled chart to {@code parent}. */
  private ChartView chart(Views v, LinearLayout parent, int id, int title) {
    ChartView c = new ChartView(this);
    c.setId(id);
    c.setTitle(getString(title));
    LinearLayout.LayoutParams lp = new LinearLayout.LayoutParams(
        LinearLayout.LayoutParams.MATCH_PARENT, v.dp(150));
    lp.topMargin = v.dp(8);
    parent.addView(c, lp);
    return c;
  }
}
