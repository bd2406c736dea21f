package org.snaptune.samples;

import android.graphics.Bitmap;
import android.graphics.BitmapFactory;
import java.io.ByteArrayOutputStream;

/**
 * Sample thumbnails: the upright crop the backbone saw, stored as JPEG. Stateless and thread-safe.
 */
public final class Thumbnails {

  /** JPEG quality: the grid shows them small, and 224x224 stays around 10 KB. */
  static final int QUALITY = 85;

  private Thumbnails() {}

  /** Encodes opaque ARGB pixels as JPEG bytes. */
  public static byte[] jpeg(int[] argb, int width, int height) {
    Bitmap bitmap = Bitmap.createBitmap(argb, width, height, Bitmap.Config.ARGB_8888);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!bitmap.compress(Bitmap.CompressFormat.JPEG, QUALITY, out)) {
        throw new IllegalStateException("JPEG encoding failed for a " + width + "x" + height
            + " thumbnail");
      }
      return out.toByteArray();
    } finally {
      bitmap.recycle();
    }
  }

  /** Decodes stored thumbnail bytes, or returns null when they are not an image. */
  public static Bitmap decode(byte[] bytes) {
    return BitmapFactory.decodeByteArray(bytes, 0, bytes.length);
  }
}
