package org.snaptune.journey;

import java.util.Random;
import org.snaptune.image.Nv21Frames;
import org.snaptune.image.Yuv420Frame;

/**
 * Pictures the journey films, drawn by the test so CI needs no data set: three kinds of scene
 * (a sun over a field, diagonal stripes, a checkerboard), each picture a different draw (position,
 * size, angle, colours, noise), as landscape NV21 frames a portrait phone's sensor would deliver.
 * Stateless.
 */
final class Pictures {

  static final String[] CLASSES = {"sun", "stripes", "checks"};
  static final int WIDTH = 320;
  static final int HEIGHT = 240;

  private Pictures() {}

  /** Picture number {@code index} of class {@code c} (0..2); different indices differ. */
  static Yuv420Frame of(int c, int index) {
    Random r = new Random(1000L * c + index);
    int[] argb = new int[WIDTH * HEIGHT];
    switch (c) {
      case 0: sun(argb, r); break;
      case 1: stripes(argb, r); break;
      case 2: checks(argb, r); break;
      default: throw new IllegalArgumentException("class must be 0, 1 or 2, got " + c);
    }
    for (int i = 0; i < argb.length; i++) { // sensor noise
      argb[i] = jitter(argb[i], r.nextInt(17) - 8);
    }
    return Nv21Frames.fromArgb(argb, WIDTH, HEIGHT);
  }

  private static void sun(int[] argb, Random r) {
    int cx = 90 + r.nextInt(140);
    int cy = 50 + r.nextInt(80);
    int radius = 30 + r.nextInt(25);
    int horizon = 150 + r.nextInt(40);
    int sky = rgb(30 + r.nextInt(40), 90 + r.nextInt(50), 190 + r.nextInt(50));
    int field = rgb(30 + r.nextInt(30), 130 + r.nextInt(50), 50 + r.nextInt(30));
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int dx = x - cx;
        int dy = y - cy;
        argb[y * WIDTH + x] = dx * dx + dy * dy < radius * radius ? 0xffffd21e
            : y > horizon ? field : sky;
      }
    }
  }

  private static void stripes(int[] argb, Random r) {
    double angle = Math.toRadians(20 + r.nextInt(50));
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    int width = 10 + r.nextInt(10);
    int phase = r.nextInt(40);
    int dark = rgb(r.nextInt(40), r.nextInt(40), r.nextInt(40));
    int light = rgb(215 + r.nextInt(40), 215 + r.nextInt(40), 215 + r.nextInt(40));
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int band = (int) Math.floor((x * cos + y * sin + phase) / width);
        argb[y * WIDTH + x] = (band & 1) == 0 ? dark : light;
      }
    }
  }

  private static void checks(int[] argb, Random r) {
    int cell = 18 + r.nextInt(20);
    int ox = r.nextInt(cell);
    int oy = r.nextInt(cell);
    int red = rgb(180 + r.nextInt(60), r.nextInt(50), r.nextInt(50));
    int white = rgb(225 + r.nextInt(30), 225 + r.nextInt(30), 225 + r.nextInt(30));
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        boolean odd = (((x + ox) / cell) + ((y + oy) / cell)) % 2 == 1;
        argb[y * WIDTH + x] = odd ? red : white;
      }
    }
  }

  private static int rgb(int r, int g, int b) {
    return 0xff000000 | (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
  }

  private static int jitter(int argb, int d) {
    return rgb(((argb >> 16) & 0xff) + d, ((argb >> 8) & 0xff) + d, (argb & 0xff) + d);
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : v > 255 ? 255 : v;
  }
}
