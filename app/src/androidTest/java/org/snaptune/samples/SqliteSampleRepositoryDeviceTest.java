package org.snaptune.samples;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import android.content.Context;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import androidx.test.platform.app.InstrumentationRegistry;
import java.util.Arrays;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.snaptune.storage.SqliteSampleRepository;

/** The sample store on the device's own SQLite. */
@RunWith(AndroidJUnit4.class)
public class SqliteSampleRepositoryDeviceTest {

  @Test
  public void roundTripsAndCascadesOnTheDevice() {
    Context context = InstrumentationRegistry.getInstrumentation().getTargetContext();
    context.deleteDatabase("device-test.db");
    try (SqliteSampleRepository repo = new SqliteSampleRepository(context, "device-test.db", 2)) {
      long mug = repo.createClass("mug").id();
      long sample = repo.addSample(mug, new float[] {0.5f, -1f}, new byte[] {1, 2}, 7);
      assertArrayEquals(new float[] {0.5f, -1f}, repo.embedding(sample), 0f);
      assertEquals(Arrays.asList(new SampleClass(mug, "mug", 1)), repo.classes());
      repo.deleteClass(mug);
      assertEquals(0, repo.samples().size());
    } finally {
      context.deleteDatabase("device-test.db");
    }
  }
}
