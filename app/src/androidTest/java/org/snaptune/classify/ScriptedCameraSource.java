package org.snaptune.classify;

import android.content.Context;
import android.view.TextureView;
import java.util.Arrays;
import org.snaptune.camera.CameraSource;
import org.snaptune.camera.CameraSourceFactory;
import org.snaptune.image.Yuv420Frame;

/** A camera for device tests that plays one known frame whenever the test asks. */
final class ScriptedCameraSource implements CameraSource, CameraSourceFactory {

  private volatile Listener listener;

  @Override
  public boolean hasCamera(Context context) {
    return true;
  }

  @Override
  public CameraSource create(Context context, TextureView preview) {
    return this;
  }

  @Override
  public void open(Listener frames) {
    listener = frames;
  }

  @Override
  public void close() {
    listener = null;
  }

  @Override
  public String describe() {
    return "scripted camera";
  }

  @Override
  public boolean drawsPreview() {
    return false;
  }

  boolean feed(long timestampNanos) {
    Listener l = listener;
    if (l == null) {
      return false;
    }
    l.onFrame(knownFrame(), 90, timestampNanos);
    return true;
  }

  /** A yellow disc on blue over green, as a portrait phone's sensor sees it (landscape NV21). */
  static Yuv420Frame knownFrame() {
    int w = 320;
    int h = 240;
    byte[] y = new byte[w * h];
    byte[] vu = new byte[w * h / 2];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        int ux = h - 1 - r;
        int uy = c;
        int dx = ux - h / 2;
        int dy = uy - w / 3;
        int rgb = dx * dx + dy * dy < 3600 ? 0xffd21e : (uy > w * 2 / 3 ? 0x2e9e44 : 0x2a6fd6);
        int red = (rgb >> 16) & 0xff;
        int green = (rgb >> 8) & 0xff;
        int blue = rgb & 0xff;
        y[r * w + c] = (byte) clamp(0.299 * red + 0.587 * green + 0.114 * blue);
        if (r % 2 == 0 && c % 2 == 0) {
          vu[(r / 2) * w + c] = (byte) clamp(128 + 0.5 * red - 0.418688 * green - 0.081312 * blue);
          vu[(r / 2) * w + c + 1] =
              (byte) clamp(128 - 0.168736 * red - 0.331264 * green + 0.5 * blue);
        }
      }
    }
    return new Yuv420Frame().set(y, w, Arrays.copyOfRange(vu, 1, vu.length),
        Arrays.copyOfRange(vu, 0, vu.length - 1), w, 2, w, h);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
