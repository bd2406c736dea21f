package org.snaptune.cli;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
    CliMemory.reading("IDX images '" + images + "' (limit " + InputLimits.MAX_IDX_BYTES
        + " pixel bytes)");
    try (DataInputStream img = open(images); DataInputStream lab = open(labels)) {
      if (readMagic(img) != 0x803) {
        throw new IllegalArgumentException(images + " is not an IDX image file (magic 0x00000803)");
      }
      if (readMagic(lab) != 0x801) {
        throw new IllegalArgumentException(labels + " is not an IDX label file (magic 0x00000801)");
      }
      int n;
      int rows;
      int cols;
      int nl;
      try {
        n = img.readInt();
        rows = img.readInt();
        cols = img.readInt();
        nl = lab.readInt();
      } catch (EOFException e) {
        throw new IllegalArgumentException(images + " or " + labels + " ends inside its header", e);
      }
      // The header bounds every allocation: a gzip bomb or a lying header cannot exceed it.
      long bytes = (long) n * rows * cols;
      if (n < 0 || rows < 1 || cols < 1 || bytes > InputLimits.MAX_IDX_BYTES) {
        throw new IllegalArgumentException(images + ": header says " + n + " images of " + rows
            + "x" + cols + "; valid: at most " + InputLimits.MAX_IDX_BYTES + " pixel bytes");
      }
      if (nl != n) {
        throw new IllegalArgumentException(labels + " holds " + nl + " labels for " + n
            + " images in " + images);
      }
      byte[] p = body(img, (int) bytes, images, "pixel bytes");
      byte[] l = body(lab, n, labels, "labels");
      return new IdxImages(n, rows, cols, p, l);
    }
  }

  private static int readMagic(DataInputStream in) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      return -1;
    }
  }

  /** Exactly {@code size} bytes, then the end of the file. */
  private static byte[] body(DataInputStream in, int size, Path path, String what)
      throws IOException {
    byte[] out = new byte[size];
    try {
      in.readFully(out);
    } catch (EOFException e) {
      throw new IllegalArgumentException(path + " is truncated: its header announces " + size
          + " " + what, e);
    }
    if (in.read() >= 0) {
      throw new IllegalArgumentException(path + " has data after the " + size + " " + what
          + " its header announces");
    }
    return out;
  }

  /** The file as a stream, inflated when gzipped (gzip magic 1f 8b: Debian ships them so). */
  private static DataInputStream open(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(path + (Files.exists(path) ? " is not a regular file"
          : " does not exist"));
    }
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    in.mark(2);
    int a = in.read();
    int b = in.read();
    in.reset();
    if (a == 0x1f && b == 0x8b) {
      return new DataInputStream(new BufferedInputStream(new GzipErrors(in, path), 1 << 16));
    }
    return new DataInputStream(in);
  }

  /** Turns a damaged gzip stream's ZipException into a bad-input message. */
  private static final class GzipErrors extends java.io.FilterInputStream {
    private final Path path;

    GzipErrors(InputStream in, Path path) throws IOException {
      super(gzip(in, path));
      this.path = path;
    }

    private static InputStream gzip(InputStream in, Path path) throws IOException {
      try {
        return new GZIPInputStream(in, 1 << 16);
      } catch (java.util.zip.ZipException e) {
        throw new IllegalArgumentException(path + " is a damaged gzip file: " + e.getMessage(), e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (java.util.zip.ZipException e) {
        throw new IllegalArgumentException(path + " is a damaged gzip file: " + e.getMessage(), e);
      }
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (java.util.zip.ZipException e) {
        throw new IllegalArgumentException(path + " is a damaged gzip file: " + e.getMessage(), e);
      }
    }
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
