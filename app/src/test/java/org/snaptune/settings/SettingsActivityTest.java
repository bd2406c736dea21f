package org.snaptune.settings;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.action.ViewActions.replaceText;
import static androidx.test.espresso.action.ViewActions.scrollTo;
import static androidx.test.espresso.assertion.ViewAssertions.matches;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static androidx.test.espresso.matcher.ViewMatchers.withTagValue;
import static androidx.test.espresso.matcher.ViewMatchers.withText;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import android.content.Context;
import android.graphics.Color;
import android.view.View;
import android.widget.EditText;
import android.widget.Spinner;
import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.snaptune.R;
import org.snaptune.storage.SettingsStore;
import org.snaptune.train.Clipping;
import org.snaptune.ui.Screens;
import org.snaptune.ui.ThemeColors;

@RunWith(AndroidJUnit4.class)
@Config(sdk = 34, qualifiers = "w360dp-h640dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class SettingsActivityTest {

  private final Context context = ApplicationProvider.getApplicationContext();

  @Test
  public void editedSettingsPersistAcrossRecreation() throws Exception {
    try (ActivityScenario<SettingsActivity> s = ActivityScenario.launch(SettingsActivity.class)) {
      onView(withTagValue(is((Object) "batch_size"))).perform(scrollTo(), replaceText("24"));
      onView(withTagValue(is((Object) "learning_rate"))).perform(scrollTo(), replaceText("0.005"));
      s.onActivity(a -> {
        Spinner optimizer = a.getWindow().getDecorView().findViewWithTag("optimizer");
        optimizer.setSelection(OptimizerChoice.MOMENTUM.ordinal());
        Spinner clipping = a.getWindow().getDecorView().findViewWithTag("clipping_mode");
        clipping.setSelection(Clipping.Mode.VALUE.ordinal());
      });
      onView(withTagValue(is((Object) "clipping_threshold"))).perform(scrollTo(),
          replaceText("0.25"));
      onView(withId(R.id.settings_save)).perform(scrollTo(), click());
      onView(withId(R.id.settings_error)).check(matches(withText("Settings saved.")));
      s.onActivity(a -> Screens.content(a, "settings"));
      s.recreate();
      s.onActivity(a -> {
        EditText batch = a.getWindow().getDecorView().findViewWithTag("batch_size");
        assertEquals("24", batch.getText().toString());
        Spinner optimizer = a.getWindow().getDecorView().findViewWithTag("optimizer");
        assertEquals("MOMENTUM", optimizer.getSelectedItem());
      });
    }
    TrainingSettings saved = new SettingsStore(context).load();
    assertEquals(24, saved.batchSize());
    assertEquals(0.005f, saved.learningRate(), 0f);
    assertEquals(OptimizerChoice.MOMENTUM, saved.optimizer());
    assertEquals(Clipping.Mode.VALUE, saved.clippingMode());
    assertEquals(0.25f, saved.clippingThreshold(), 0f);
  }

  @Test
  public void invalidValueIsExplainedAndNothingIsSaved() throws Exception {
    try (ActivityScenario<SettingsActivity> s = ActivityScenario.launch(SettingsActivity.class)) {
      onView(withTagValue(is((Object) "steps"))).perform(scrollTo(), replaceText("0"));
      onView(withId(R.id.settings_save)).perform(scrollTo(), click());
      onView(withId(R.id.settings_error)).check(matches(withText(containsString(
          "Training steps (steps) must be in [1, 100000], got 0"))));
      s.onActivity(a -> Screens.content(a, "settings-error"));
    }
    assertFalse(context.getSharedPreferences(SettingsStore.PREFS, Context.MODE_PRIVATE)
        .contains("steps"));
    assertEquals(TrainingSettings.defaults(), new SettingsStore(context).load());
  }

  @Test
  public void darkModeReadsWellAndEveryControlIsDescribed() {
    Screens.night();
    try (ActivityScenario<SettingsActivity> s = ActivityScenario.launch(SettingsActivity.class)) {
      onView(withTagValue(is((Object) "steps"))).perform(scrollTo(), replaceText("0"));
      onView(withId(R.id.settings_save)).perform(scrollTo(), click());
      s.onActivity(a -> {
        Screens.content(a, "settings-error_dark");
        for (Setting setting : Setting.values()) {
          View editor = a.getWindow().getDecorView().findViewWithTag(setting.key());
          assertEquals(setting.title(), editor.getContentDescription());
        }
        assertEquals(a.getString(R.string.settings_save_label),
            a.findViewById(R.id.settings_save).getContentDescription());
        assertEquals(a.getString(R.string.settings_reset_label),
            a.findViewById(R.id.settings_reset).getContentDescription());
        // Night colours really apply: light text on a dark background.
        ThemeColors colors = ThemeColors.of(a);
        assertTrue(Color.luminance(colors.surface()) < 0.2f);
        assertTrue(Color.luminance(colors.onSurface()) > 0.6f);
      });
    }
  }

  @Test
  public void defaultsAreShownButSavedOnlyOnSave() {
    new SettingsStore(context).save(TrainingSettings.defaults().toBuilder().optSteps(7).build());
    try (ActivityScenario<SettingsActivity> s = ActivityScenario.launch(SettingsActivity.class)) {
      s.onActivity(a -> assertEquals("7",
          ((EditText) a.getWindow().getDecorView().findViewWithTag("steps")).getText().toString()));
      onView(withId(R.id.settings_reset)).perform(scrollTo(), click());
      s.onActivity(a -> assertEquals(String.valueOf(TrainingSettings.defaults().steps()),
          ((EditText) a.getWindow().getDecorView().findViewWithTag("steps")).getText().toString()));
      assertEquals(7, new SettingsStore(context).load().steps());
      onView(withId(R.id.settings_save)).perform(scrollTo(), click());
    }
    assertEquals(TrainingSettings.defaults(), new SettingsStore(context).load());
  }

  @Test
  public void storeDropsAnInvalidSavedValueButKeepsTheOthers() {
    context.getSharedPreferences(SettingsStore.PREFS, Context.MODE_PRIVATE).edit()
        .putString("batch_size", "9999").putString("steps", "7").commit();
    TrainingSettings s = new SettingsStore(context).load();
    assertEquals(TrainingSettings.defaults().batchSize(), s.batchSize());
    assertEquals(7, s.steps());
  }
}
