package org.snaptune.image;

import java.util.Random;

/**
 * A deliberately naive reference for the preprocessing tests, written without the production
 * code's lookup tables or fixed point: whole planes in doubles, rotation as repeated
 * transpose-and-mirror, crop and bilinear resize computed per output pixel.
 */
final class ReferenceImages {

  private ReferenceImages() {}

  /** A YUV frame with its planes and the layout Android would report. */
  static final class Frame {
    final int width;
    final int height;
    final int[][] y; // [row][col], full resolution
    final int[][] u; // [row][col], half resolution
    final int[][] v;
    byte[] yPlane;
    byte[] uPlane;
    byte[] vPlane;
    int yRowStride;
    int uvRowStride;
    int uvPixelStride;

    Frame(int width, int height) {
      this.width = width;
      this.height = height;
      y = new int[height][width];
      u = new int[(height + 1) / 2][(width + 1) / 2];
      v = new int[(height + 1) / 2][(width + 1) / 2];
    }

    /**
     * Lays the samples out in memory: {@code pixelStride} 1 gives separate I420 planes,
     * 2 gives one interleaved VU buffer (NV21) from which U and V are sliced one byte apart, as
     * Android's planes of an NV21 image are. Rows get {@code padding} extra bytes.
     */
    Frame layout(int pixelStride, int padding) {
      int cw = (width + 1) / 2;
      int ch = (height + 1) / 2;
      yRowStride = width + padding;
      yPlane = new byte[(height - 1) * yRowStride + width];
      for (int r = 0; r < height; r++) {
        for (int c = 0; c < width; c++) {
          yPlane[r * yRowStride + c] = (byte) y[r][c];
        }
      }
      uvPixelStride = pixelStride;
      if (pixelStride == 1) {
        uvRowStride = cw + padding;
        uPlane = new byte[(ch - 1) * uvRowStride + cw];
        vPlane = new byte[uPlane.length];
        for (int r = 0; r < ch; r++) {
          for (int c = 0; c < cw; c++) {
            uPlane[r * uvRowStride + c] = (byte) u[r][c];
            vPlane[r * uvRowStride + c] = (byte) v[r][c];
          }
        }
      } else {
        uvRowStride = 2 * cw + padding;
        byte[] vu = new byte[(ch - 1) * uvRowStride + 2 * cw];
        for (int r = 0; r < ch; r++) {
          for (int c = 0; c < cw; c++) {
            vu[r * uvRowStride + 2 * c] = (byte) v[r][c];
            vu[r * uvRowStride + 2 * c + 1] = (byte) u[r][c];
          }
        }
        vPlane = java.util.Arrays.copyOfRange(vu, 0, vu.length - 1);
        uPlane = java.util.Arrays.copyOfRange(vu, 1, vu.length);
      }
      return this;
    }

    Yuv420Frame toFrame() {
      return new Yuv420Frame().set(yPlane, yRowStride, uPlane, vPlane, uvRowStride, uvPixelStride,
          width, height);
    }
  }

  static Frame randomFrame(Random random, int width, int height) {
    Frame f = new Frame(width, height);
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        f.y[r][c] = random.nextInt(256);
      }
    }
    for (int r = 0; r < f.u.length; r++) {
      for (int c = 0; c < f.u[0].length; c++) {
        f.u[r][c] = random.nextInt(256);
        f.v[r][c] = random.nextInt(256);
      }
    }
    return f;
  }

  /** Expected RGB (ints in [0,255], [row][col][channel]) for a YUV frame. */
  static int[][][] expectedFromYuv(Frame f, int rotation, int outW, int outH) {
    double[][][] yuv = new double[f.height][f.width][3];
    for (int r = 0; r < f.height; r++) {
      for (int c = 0; c < f.width; c++) {
        yuv[r][c][0] = f.y[r][c];
        yuv[r][c][1] = f.u[r / 2][c / 2];
        yuv[r][c][2] = f.v[r / 2][c / 2];
      }
    }
    double[][][] resized = cropResize(rotate(yuv, rotation), outW, outH);
    int[][][] rgb = new int[outH][outW][3];
    for (int r = 0; r < outH; r++) {
      for (int c = 0; c < outW; c++) {
        double yy = resized[r][c][0];
        double cb = resized[r][c][1] - 128;
        double cr = resized[r][c][2] - 128;
        rgb[r][c][0] = clamp(yy + 1.402 * cr);
        rgb[r][c][1] = clamp(yy - 0.344136 * cb - 0.714136 * cr);
        rgb[r][c][2] = clamp(yy + 1.772 * cb);
      }
    }
    return rgb;
  }

  /** Expected RGB for ARGB pixels. */
  static int[][][] expectedFromArgb(int[] argb, int width, int height, int rotation, int outW,
      int outH) {
    double[][][] img = new double[height][width][3];
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        int p = argb[r * width + c];
        img[r][c][0] = (p >> 16) & 0xff;
        img[r][c][1] = (p >> 8) & 0xff;
        img[r][c][2] = p & 0xff;
      }
    }
    double[][][] resized = cropResize(rotate(img, rotation), outW, outH);
    int[][][] rgb = new int[outH][outW][3];
    for (int r = 0; r < outH; r++) {
      for (int c = 0; c < outW; c++) {
        for (int k = 0; k < 3; k++) {
          rgb[r][c][k] = clamp(resized[r][c][k]);
        }
      }
    }
    return rgb;
  }

  /** Clockwise rotation as (transpose, then mirror left-right), repeated per quarter turn. */
  static double[][][] rotate(double[][][] img, int rotation) {
    double[][][] out = img;
    for (int q = 0; q < rotation / 90; q++) {
      int h = out.length;
      int w = out[0].length;
      double[][][] t = new double[w][h][];
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < w; c++) {
          t[c][r] = out[r][c];
        }
      }
      for (double[][] row : t) {
        for (int a = 0, b = row.length - 1; a < b; a++, b--) {
          double[] tmp = row[a];
          row[a] = row[b];
          row[b] = tmp;
        }
      }
      out = t;
    }
    return out;
  }

  /** Centre crop to the output aspect, then bilinear with half-pixel centres, edge-clamped. */
  static double[][][] cropResize(double[][][] img, int outW, int outH) {
    int h = img.length;
    int w = img[0].length;
    double scale = Math.min((double) w / outW, (double) h / outH);
    double cropW = outW * scale;
    double cropH = outH * scale;
    double x0 = (w - cropW) / 2;
    double y0 = (h - cropH) / 2;
    double[][][] out = new double[outH][outW][3];
    for (int r = 0; r < outH; r++) {
      double sy = Math.max(0, Math.min(h - 1, y0 + (r + 0.5) * scale - 0.5));
      int ya = (int) sy;
      int yb = Math.min(ya + 1, h - 1);
      double fy = sy - ya;
      for (int c = 0; c < outW; c++) {
        double sx = Math.max(0, Math.min(w - 1, x0 + (c + 0.5) * scale - 0.5));
        int xa = (int) sx;
        int xb = Math.min(xa + 1, w - 1);
        double fx = sx - xa;
        for (int k = 0; k < 3; k++) {
          double top = img[ya][xa][k] * (1 - fx) + img[ya][xb][k] * fx;
          double bottom = img[yb][xa][k] * (1 - fx) + img[yb][xb][k] * fx;
          out[r][c][k] = top * (1 - fy) + bottom * fy;
        }
      }
    }
    return out;
  }

  static int clamp(double value) {
    long r = Math.round(value);
    return (int) Math.max(0, Math.min(255, r));
  }
}
