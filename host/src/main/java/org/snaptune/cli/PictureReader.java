package org.snaptune.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes a PNG or JPEG picture after checking the size its header declares against
 * {@link InputLimits#MAX_IMAGE_PIXELS}: a 40000×40000 PNG of a few kilobytes would otherwise ask
 * for 6.4 GB of pixels before anything looked at it. Stateless and thread-safe.
 */
final class PictureReader {

  private PictureReader() {}

  /**
   * Reads picture {@code f}.
   *
   * @throws IllegalArgumentException when it is not a decodable PNG/JPEG or is too large
   */
  static BufferedImage read(Path f) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new IllegalArgumentException("cannot decode picture " + f + " (not PNG or JPEG)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w < 1 || h < 1 || w * h > InputLimits.MAX_IMAGE_PIXELS) {
          throw new IllegalArgumentException("picture " + f + " is " + w + "x" + h + " pixels;"
              + " at most " + InputLimits.MAX_IMAGE_PIXELS + " pixels are accepted");
        }
        CliMemory.reading("picture '" + f + "' (" + w + "x" + h + ", limit "
            + InputLimits.MAX_IMAGE_PIXELS + " pixels)");
        BufferedImage img = reader.read(0);
        if (img == null) {
          throw new IllegalArgumentException("cannot decode picture " + f);
        }
        return img;
      } catch (IOException | RuntimeException e) {
        if (e instanceof IllegalArgumentException) {
          throw e;
        }
        throw new IllegalArgumentException("cannot decode picture " + f + ": " + e.getMessage(), e);
      } finally {
        reader.dispose();
      }
    }
  }
}
