package org.snaptune.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * An IDX image file and its label file (the MNIST / Fashion-MNIST format, optionally gzipped):
 * {@code 0x00000803, count, rows, cols, pixels…} and {@code 0x00000801, count, labels…}.
 * Immutable after loading; thread-safe.
 */
public final class IdxImages {

  private final int count;
  private final int rows;
  private final int cols;
  private final byte[] pixels;
  private final byte[] labels;

  private IdxImages(int count, int rows, int cols, byte[] pixels, byte[] labels) {
    this.count = count;
    this.rows = rows;
    this.cols = cols;
    this.pixels = pixels;
    this.labels = labels;
  }

  /**
   * Reads an image file and its label file.
   *
   * @throws IllegalArgumentException if either is not IDX of the expected kind, is truncated, or
   *     the counts differ
   */
  public static IdxImages read(Path images, Path labels) throws IOException {
    ByteBuffer img = ByteBuffer.wrap(load(images));
    ByteBuffer lab = ByteBuffer.wrap(load(labels));
    if (img.remaining() < 16 || img.getInt() != 0x803) {
      throw new IllegalArgumentException(images + " is not an IDX image file (magic 0x00000803)");
    }
    if (lab.remaining() < 8 || lab.getInt() != 0x801) {
      throw new IllegalArgumentException(labels + " is not an IDX label file (magic 0x00000801)");
    }
    int n = img.getInt();
    int rows = img.getInt();
    int cols = img.getInt();
    if (n < 0 || rows < 1 || cols < 1 || (long) n * rows * cols != img.remaining()) {
      throw new IllegalArgumentException(images + ": header says " + n + " images of " + rows + "x"
          + cols + " but " + img.remaining() + " pixel bytes follow");
    }
    int nl = lab.getInt();
    if (nl != n || lab.remaining() != n) {
      throw new IllegalArgumentException(labels + " holds " + nl + " labels (" + lab.remaining()
          + " bytes) for " + n + " images in " + images);
    }
    byte[] p = new byte[img.remaining()];
    img.get(p);
    byte[] l = new byte[n];
    lab.get(l);
    return new IdxImages(n, rows, cols, p, l);
  }

  private static byte[] load(Path path) throws IOException {
    byte[] all = Files.readAllBytes(path);
    // gzip magic 1f 8b: the Debian package ships the files compressed.
    if (all.length >= 2 && (all[0] & 0xff) == 0x1f && (all[1] & 0xff) == 0x8b) {
      try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(all))) {
        return readAll(gz);
      } catch (java.util.zip.ZipException e) {
        throw new IllegalArgumentException(path + " is a damaged gzip file: " + e.getMessage(), e);
      }
    }
    return all;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    int r;
    while ((r = in.read(buf)) > 0) {
      out.write(buf, 0, r);
    }
    return out.toByteArray();
  }

  public int count() { return count; }
  public int rows() { return rows; }
  public int cols() { return cols; }

  /** The label (0–255) of image {@code i}. */
  public int label(int i) { return labels[i] & 0xff; }

  /** Image {@code i} as opaque grey ARGB pixels, cols × rows. */
  public int[] argb(int i) {
    int[] out = new int[rows * cols];
    int base = i * rows * cols;
    for (int k = 0; k < out.length; k++) {
      int g = pixels[base + k] & 0xff;
      out[k] = 0xff000000 | (g << 16) | (g << 8) | g;
    }
    return out;
  }
}
