package org.snaptune.camera;

import android.content.Context;
import android.view.TextureView;

/**
 * Makes the {@link CameraSource} of a screen; the app container holds one so tests can feed known
 * frames instead of a camera. Implementations are thread-safe.
 */
public interface CameraSourceFactory {

  /** Whether the device has a camera this factory can open (false: the "unsupported" state). */
  boolean hasCamera(Context context);

  /**
   * A closed source for one screen.
   *
   * @param preview where to show the live picture; a source may ignore it
   */
  CameraSource create(Context context, TextureView preview);
}
