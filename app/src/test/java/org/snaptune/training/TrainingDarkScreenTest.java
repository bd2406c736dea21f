package org.snaptune.training;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.assertion.ViewAssertions.matches;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static androidx.test.espresso.matcher.ViewMatchers.withText;
import static org.hamcrest.Matchers.containsString;

import android.content.Context;
import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.snaptune.R;
import org.snaptune.ui.Screens;

/** The training screen with the system in dark mode: charts and text on the night background. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34, qualifiers = "w360dp-h640dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class TrainingDarkScreenTest {

  @Test
  public void emptyScreenInDarkMode() {
    Screens.night();
    Context context = ApplicationProvider.getApplicationContext();
    TrainingFixtures.freshWorkManager(context);
    try (ActivityScenario<TrainingActivity> s = ActivityScenario.launch(TrainingActivity.class)) {
      TrainingFixtures.idle();
      onView(withId(R.id.training_status)).check(matches(withText(containsString("Not trained"))));
      s.onActivity(a -> Screens.content(a, "training-empty_dark"));
    }
  }
}
