package org.snaptune.training;

import android.app.Activity;
import java.io.IOException;

/** Lets tests in other packages take full-content screenshots. */
public final class TrainingFixturesAccess {

  private TrainingFixturesAccess() {}

  public static void shot(Activity a, String name) {
    try {
      TrainingFixtures.screenshot(a, name);
    } catch (IOException e) {
      throw new AssertionError("screenshot " + name + " failed", e);
    }
  }
}
