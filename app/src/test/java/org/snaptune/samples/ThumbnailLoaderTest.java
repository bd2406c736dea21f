package org.snaptune.samples;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import android.graphics.Bitmap;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.snaptune.storage.SqliteSampleRepository;

@RunWith(AndroidJUnit4.class)
@Config(sdk = 34)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class ThumbnailLoaderTest {

  private SqliteSampleRepository repo;
  private final List<Long> ids = new ArrayList<>();

  @Before
  public void setUp() {
    repo = SampleFixtures.open(ApplicationProvider.getApplicationContext());
    long c = repo.createClass("mug").id();
    SampleFixtures.addSamples(repo, c, 5);
    for (SampleEntry e : repo.samplesOf(c)) {
      ids.add(e.id());
    }
  }

  @After
  public void tearDown() {
    repo.close();
  }

  @Test
  public void theCacheHoldsNoMoreThanItsBoundAndKeepsTheNewest() {
    int one = SampleFixtures.SIDE * SampleFixtures.SIDE * 4;
    ThumbnailLoader loader = new ThumbnailLoader(() -> repo, Runnable::run, Runnable::run, 2 * one);
    List<Bitmap> got = new ArrayList<>();
    for (long id : ids) {
      loader.load(id, got::add);
    }
    assertEquals(5, got.size());
    assertEquals(SampleFixtures.SIDE, got.get(0).getWidth());
    assertEquals(2 * one, loader.cachedBytes());
    assertNull("the oldest was evicted", loader.cached(ids.get(0)));
    assertSame(got.get(4), loader.cached(ids.get(4)));
    loader.load(ids.get(4), got::add);
    assertEquals("a cached picture is not decoded again", 5, loader.decodes());
  }

  @Test
  public void requestsForAPictureBeingDecodedShareOneDecodeOffTheMainThread() {
    SampleFixtures.Queued background = new SampleFixtures.Queued();
    SampleFixtures.Queued main = new SampleFixtures.Queued();
    ThumbnailLoader loader = new ThumbnailLoader(() -> repo, background, main,
        ThumbnailLoader.DEFAULT_CACHE_BYTES);
    List<Bitmap> got = new ArrayList<>();
    loader.load(ids.get(1), got::add);
    loader.load(ids.get(1), got::add);
    assertTrue("nothing is decoded on the caller's thread", got.isEmpty());
    assertEquals(1, loader.decodes());
    background.runAll();
    assertTrue("delivered on the main thread only", got.isEmpty());
    main.runAll();
    assertEquals(2, got.size());
    assertNotNull(got.get(0));
    assertSame(got.get(0), got.get(1));
  }

  @Test
  public void aSampleDeletedBeforeItsDecodeGivesNoPicture() {
    ThumbnailLoader loader = new ThumbnailLoader(() -> repo, Runnable::run, Runnable::run,
        ThumbnailLoader.DEFAULT_CACHE_BYTES);
    repo.deleteSample(ids.get(2));
    List<Bitmap> got = new ArrayList<>();
    loader.load(ids.get(2), got::add);
    assertEquals(1, got.size());
    assertNull(got.get(0));
    assertNull(loader.cached(ids.get(2)));
  }
}
