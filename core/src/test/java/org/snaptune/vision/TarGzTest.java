package org.snaptune.vision;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

/** TarGz reads a member and still checks the gzip trailer's CRC-32 after it (issue 14). */
public class TarGzTest {

  @Test
  public void extractsTheMemberAndRefusesABadTrailerCrc() throws Exception {
    byte[] model = "TFL3 model bytes".getBytes(StandardCharsets.US_ASCII);
    byte[] good = ModelDownloaderTest.tarGz("pkg/model.tflite", model);
    assertArrayEquals(model, TarGz.extract(new ByteArrayInputStream(good), "model.tflite", 1024));
    byte[] bad = good.clone();
    bad[bad.length - 8] ^= 1; // first byte of the trailer's CRC-32
    try {
      TarGz.extract(new ByteArrayInputStream(bad), "model.tflite", 1024);
      fail("accepted an archive whose gzip CRC does not match");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("corrupt gzip data"));
    }
  }
}
