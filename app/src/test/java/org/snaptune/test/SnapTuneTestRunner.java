package org.snaptune.test;

import org.junit.runners.model.FrameworkMethod;
import org.junit.runners.model.InitializationError;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.internal.bytecode.InstrumentationConfiguration;

/**
 * Robolectric runner for the app's JVM tests, selected for {@code AndroidJUnit4} through the Surefire
 * system property {@code android.junit.runner}. It keeps {@code org.bytedeco.*} (the host TFLite
 * runtime) out of Robolectric's sandbox class loader, so the native libraries load once per JVM
 * instead of once per sandbox.
 */
public final class SnapTuneTestRunner extends RobolectricTestRunner {

  public SnapTuneTestRunner(Class<?> testClass) throws InitializationError {
    super(testClass);
  }

  @Override
  protected InstrumentationConfiguration createClassLoaderConfig(FrameworkMethod method) {
    return new InstrumentationConfiguration.Builder(super.createClassLoaderConfig(method))
        .doNotAcquirePackage("org.bytedeco.")
        .build();
  }
}
