package org.snaptune.samples;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.assertion.ViewAssertions.matches;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static androidx.test.espresso.matcher.ViewMatchers.withText;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import android.app.AlertDialog;
import android.content.DialogInterface;
import android.view.ViewGroup;
import android.widget.EditText;
import android.widget.ImageView;
import androidx.lifecycle.ViewModelProvider;
import androidx.recyclerview.widget.RecyclerView;
import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.util.List;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Shadows;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.robolectric.shadows.ShadowAlertDialog;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;
import org.snaptune.storage.SqliteSampleRepository;
import org.snaptune.ui.Screens;

/** The samples review screen on real SQLite samples with real JPEG pictures. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34, qualifiers = "w360dp-h640dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class SamplesActivityTest {

  private SnapTuneApplication app;
  private long mug;

  @Before
  public void setUp() {
    app = ApplicationProvider.getApplicationContext();
    app.setServices(SampleFixtures.services(Runnable::run));
    SqliteSampleRepository repo = SampleFixtures.open(app);
    try {
      mug = repo.createClass("mug").id();
      repo.createClass("plant");
      SampleFixtures.addSamples(repo, mug, 3);
    } finally {
      repo.close();
    }
  }

  @Test
  public void reviewGridDeletesSamplesAndRenamesAndDeletesClasses() {
    try (ActivityScenario<SamplesActivity> scenario = ActivityScenario.launch(SamplesActivity.class)) {
      Screens.idle();
      onView(withId(R.id.samples_summary)).check(matches(withText(
          "3 samples · tap a picture to delete it")));
      scenario.onActivity(a -> {
        RecyclerView grid = a.findViewById(R.id.samples_grid);
        assertEquals(3, grid.getAdapter().getItemCount());
        Screens.window(a, "samples_1_grid");
        ImageView first = (ImageView) grid.findViewHolderForAdapterPosition(0).itemView;
        assertNotNull("the picture is decoded and shown", first.getDrawable());
        first.performClick();
      });
      confirm();
      onView(withId(R.id.samples_summary)).check(matches(withText(
          "2 samples · tap a picture to delete it")));

      onView(withId(R.id.samples_rename)).perform(click());
      typeAndConfirm("coffee mug");
      onView(withText("coffee mug (2)")).check(matches(withText("coffee mug (2)")));

      onView(withText("plant (0)")).perform(click());
      Screens.idle();
      onView(withId(R.id.samples_empty)).check(matches(withText(
          "No samples in this class yet. On the camera screen, tap the class to add what the"
              + " camera sees.")));
      scenario.onActivity(a -> Screens.window(a, "samples_2_empty_class"));
      onView(withId(R.id.samples_delete_class)).perform(click());
      confirm();
      scenario.onActivity(a -> {
        ViewGroup bar = a.findViewById(R.id.samples_classes);
        assertEquals(1, bar.getChildCount());
      });
    }
    SqliteSampleRepository after = SampleFixtures.open(app);
    try {
      List<SampleClass> classes = after.classes();
      assertEquals(1, classes.size());
      assertEquals(new SampleClass(mug, "coffee mug", 2), classes.get(0));
    } finally {
      after.close();
    }
  }

  @Test
  public void aRefusedRenameKeepsTheNameAndTheSelectionSurvivesRotation() {
    try (ActivityScenario<SamplesActivity> scenario = ActivityScenario.launch(SamplesActivity.class)) {
      Screens.idle();
      onView(withText("plant (0)")).perform(click());
      Screens.idle();
      onView(withId(R.id.samples_rename)).perform(click());
      typeAndConfirm("MUG"); // names are unique ignoring case
      onView(withText("plant (0)")).check(matches(withText("plant (0)")));
      scenario.recreate();
      Screens.idle();
      onView(withId(R.id.samples_summary)).check(matches(withText("No samples")));
    }
  }

  @Test
  public void onlyCellsOnScreenAreDecodedAndTheCacheStaysBounded() {
    SqliteSampleRepository repo = SampleFixtures.open(app);
    try {
      SampleFixtures.addSamples(repo, mug, 57); // 60 in all
    } finally {
      repo.close();
    }
    try (ActivityScenario<SamplesActivity> scenario = ActivityScenario.launch(SamplesActivity.class)) {
      Screens.idle();
      scenario.onActivity(a -> {
        RecyclerView grid = a.findViewById(R.id.samples_grid);
        assertEquals(60, grid.getAdapter().getItemCount());
        ThumbnailLoader loader = new ViewModelProvider(a).get(SamplesViewModel.class).thumbnails();
        int onScreen = grid.getChildCount();
        assertTrue("decoded " + loader.decodes() + " for " + onScreen + " cells on screen",
            loader.decodes() >= onScreen && loader.decodes() < 60);
        assertTrue(loader.cachedBytes() <= ThumbnailLoader.DEFAULT_CACHE_BYTES);
        Screens.window(a, "samples_3_many");
      });
    }
  }

  @Test
  public void workStillQueuedWhenTheScreenCloses() {
    SampleFixtures.Queued queue = new SampleFixtures.Queued();
    app.setServices(SampleFixtures.services(queue));
    try (ActivityScenario<SamplesActivity> scenario = ActivityScenario.launch(SamplesActivity.class)) {
      queue.runAll();
      Screens.idle();
      scenario.onActivity(a -> {
        SamplesViewModel model = new ViewModelProvider(a).get(SamplesViewModel.class);
        long first = model.state().getValue().samples().get(0).id();
        model.deleteSample(first);
      });
      assertTrue("the deletion is still queued", queue.size() > 0);
    }
    // The screen and its ViewModel are gone; the container's database is still open for the edit.
    queue.runAll();
    Screens.idle();
    SqliteSampleRepository after = SampleFixtures.open(app);
    try {
      assertEquals(2, after.samplesOf(mug).size());
    } finally {
      after.close();
    }
  }

  @Test
  public void darkMode() {
    Screens.night();
    try (ActivityScenario<SamplesActivity> scenario = ActivityScenario.launch(SamplesActivity.class)) {
      Screens.idle();
      scenario.onActivity(a -> Screens.window(a, "samples_1_grid_dark"));
      onView(withText("plant (0)")).perform(click());
      scenario.onActivity(a -> Screens.window(a, "samples_2_empty_class_dark"));
    }
  }

  private static void typeAndConfirm(String text) {
    Screens.idle();
    AlertDialog dialog = ShadowAlertDialog.getLatestAlertDialog();
    EditText field = (EditText) Shadows.shadowOf(dialog).getView();
    field.setText(text);
    dialog.getButton(DialogInterface.BUTTON_POSITIVE).performClick();
    Screens.idle();
  }

  private static void confirm() {
    Screens.idle();
    ShadowAlertDialog.getLatestAlertDialog().getButton(DialogInterface.BUTTON_POSITIVE)
        .performClick();
    Screens.idle();
  }
}
