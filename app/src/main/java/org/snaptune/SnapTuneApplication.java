package org.snaptune;

import android.app.Application;
import android.content.Context;

/**
 * Holds the app's {@link AppServices}, the only container, and attaches it to this application.
 * Created lazily so that tests can install their own services (host runtime, test models, an
 * in-process model trial, a training environment) before the first screen asks for them.
 * Thread-safe.
 */
public class SnapTuneApplication extends Application {

  private volatile AppServices services;

  /** The services of the application that owns {@code context}. */
  public static AppServices services(Context context) {
    return ((SnapTuneApplication) context.getApplicationContext()).services();
  }

  /** The current services, created for the device on first use. */
  public AppServices services() {
    AppServices s = services;
    if (s == null) {
      synchronized (this) {
        s = services;
        if (s == null) {
          s = AppServices.forDevice(this);
          s.attach(this);
          services = s;
        }
      }
    }
    return s;
  }

  /**
   * Replaces the services; for tests, before launching an activity. Screens already running keep
   * the services they were created with.
   */
  public void setServices(AppServices replacement) {
    if (replacement == null) {
      throw new IllegalArgumentException("services must not be null");
    }
    replacement.attach(this);
    services = replacement;
  }
}
