package org.snaptune.status;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.assertion.ViewAssertions.matches;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static androidx.test.espresso.matcher.ViewMatchers.withText;

import androidx.test.core.app.ActivityScenario;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.snaptune.R;

/**
 * On-device smoke test (AndroidJUnitRunner): the launcher shows the app name. Built into
 * snaptune-app-*-androidTest.apk by `mvn package`; run with
 * {@code adb shell am instrument -w org.snaptune.test/androidx.test.runner.AndroidJUnitRunner}.
 */
@RunWith(AndroidJUnit4.class)
public class MainActivityInstrumentedTest {

  @Test
  public void launcherShowsAppName() {
    try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
      onView(withId(R.id.app_title)).check(matches(withText("SnapTune")));
    }
  }
}
