package org.snaptune.session;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.snaptune.data.Dataset;
import org.snaptune.settings.Setting;
import org.snaptune.settings.TrainingSettings;

/**
 * Identifies what a training run's result depends on: every setting that changes training, the
 * class list and every sample. A checkpoint carries it, so that a checkpoint taken before the user
 * changed the learning rate or added a sample is not continued as if nothing had changed. The
 * camera engine's settings ({@link Setting#isEngine()}: accelerator, threads) are left out: they change how fast the backbone runs,
 * not what the head learns, so toggling them keeps a resumable run. A CRC-32, exact as a double
 * (checkpoint state values are doubles). Stateless and thread-safe.
 */
public final class RunFingerprint {

  /** Checkpoint state key under which a run stores its fingerprint. */
  public static final String STATE_KEY = "app_run_fingerprint";

  private RunFingerprint() {}

  /** The fingerprint of training {@code data} with {@code settings}. */
  public static double of(TrainingSettings settings, Dataset data) {
    Map<String, String> affecting = new TreeMap<>();
    for (Setting s : Setting.values()) {
      if (!s.isEngine()) {
        affecting.put(s.key(), settings.value(s));
      }
    }
    CRC32 crc = new CRC32();
    crc.update(affecting.toString().getBytes(StandardCharsets.UTF_8));
    crc.update(data.classNames().toString().getBytes(StandardCharsets.UTF_8));
    float[] row = new float[data.dimension()];
    ByteBuffer bytes = ByteBuffer.allocate(4 + 4 * row.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < data.size(); i++) {
      data.copyRow(i, row, 0);
      bytes.clear();
      bytes.putInt(data.label(i));
      for (float v : row) {
        bytes.putFloat(v);
      }
      crc.update(bytes.array(), 0, bytes.position());
    }
    return crc.getValue();
  }
}
