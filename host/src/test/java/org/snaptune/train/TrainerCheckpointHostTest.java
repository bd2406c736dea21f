package org.snaptune.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.snaptune.train.TrainerFixtures.CLASSES;
import static org.snaptune.train.TrainerFixtures.blobs;
import static org.snaptune.train.TrainerFixtures.head;
import static org.snaptune.train.TrainerFixtures.sameWeights;
import static org.snaptune.train.TrainerFixtures.weights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snaptune.checkpoint.CheckpointStore;
import org.snaptune.data.Dataset;
import org.snaptune.health.StepReport;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.model.Optimizer;

/** Checkpoints of real runs: resume in a fresh interpreter, survive a damaged file. */
public class TrainerCheckpointHostTest {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static TrainerConfig config() {
    return TrainerConfig.builder().setLearningRate(0.02).setEpochs(4).optSeed(9)
        .optRestoreBestWeights(false).build();
  }

  @Test
  public void resumingFromAFileInAFreshInterpreterMatchesAnUninterruptedRun() throws Exception {
    Dataset data = blobs(30, 12, 0);
    Map<String, float[]> reference;
    try (HostSignatureRunner runner = head(8, Optimizer.adam())) {
      Trainer t = new Trainer(runner, CLASSES, config(), null);
      t.start(data);
      t.run();
      reference = weights(runner);
    }
    Path file = tmp.getRoot().toPath().resolve("run.ckpt");
    CheckpointStore store = new CheckpointStore(file);
    try (HostSignatureRunner runner = head(8, Optimizer.adam())) {
      final Trainer[] holder = new Trainer[1];
      holder[0] = new Trainer(runner, CLASSES, config(), new TrainingListener() {
        @Override public void onStep(StepReport r) {
          if (r.step() == 5) {
            holder[0].cancel();
          }
        }
      });
      holder[0].start(data);
      assertEquals(TrainingResult.Status.CANCELLED, holder[0].run().status());
      store.save(holder[0].checkpoint());
      // A later save is damaged on disk: the previous good one must be used.
      store.save(holder[0].checkpoint());
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length / 2] ^= 1;
      Files.write(file, bytes);
    }
    CheckpointStore.LoadResult loaded = store.load();
    assertTrue(loaded.usedPrevious());
    assertTrue(loaded.problems().toString(), loaded.problems().get(0).contains("checksum"));
    try (HostSignatureRunner runner = head(8, Optimizer.adam())) {
      Trainer t = new Trainer(runner, CLASSES, config(), null);
      t.start(data);
      t.restore(loaded.checkpoint());
      TrainingResult r = t.run();
      assertEquals(TrainingResult.Status.COMPLETED, r.status());
      assertEquals(4 * 9, r.steps()); // 72 training rows / 8 per batch, 4 epochs
      for (String name : reference.keySet()) {
        assertTrue(name + " differs after resume",
            Arrays.equals(reference.get(name), weights(runner).get(name)));
      }
      assertTrue(sameWeights(reference, weights(runner)));
    }
  }
  private static TrainerConfig autoClipConfig() {
    return TrainerConfig.builder().setLearningRate(0.05).setEpochs(6).optSeed(3)
        .optRestoreBestWeights(false).optClipping(Clipping.autoPercentile(50))
        .optWeightStatsEvery(1).build();
  }

  /** One line per step: what clipping and health decided. */
  private static final class Lines implements TrainingListener {
    final java.util.List<String> lines = new java.util.ArrayList<>();

    @Override
    public void onStep(StepReport r) {
      lines.add(r.step() + " clipped=" + r.clipped() + " threshold=" + r.threshold() + " "
          + r.verdict().kind() + " " + r.verdict().reason());
    }
  }

  /**
   * AutoClip at the median and the health monitor both remember: a resume from a checkpoint's
   * bytes after step 5 clips and judges every later step as the uninterrupted run did, and ends
   * with the same weights bit for bit. A version-1 checkpoint (no series) still resumes.
   */
  @Test
  public void aResumedRunClipsAndJudgesEveryStepAsTheUninterruptedRun() throws Exception {
    Dataset data = blobs(30, 12, 0);
    Lines reference = new Lines();
    Map<String, float[]> referenceWeights;
    try (HostSignatureRunner runner = head(8, Optimizer.adam())) {
      Trainer t = new Trainer(runner, CLASSES, autoClipConfig(), reference);
      t.start(data);
      t.run();
      referenceWeights = weights(runner);
    }
    byte[] file;
    Lines resumed = new Lines();
    try (HostSignatureRunner runner = head(8, Optimizer.adam())) {
      final Trainer[] holder = new Trainer[1];
      holder[0] = new Trainer(runner, CLASSES, autoClipConfig(), resumed, new TrainingListener() {
        @Override public void onStep(StepReport r) {
          if (r.step() == 5) {
            holder[0].cancel();
          }
        }
      });
      holder[0].start(data);
      holder[0].run();
      file = org.snaptune.checkpoint.CheckpointCodec.encode(holder[0].checkpoint());
    }
    org.snaptune.checkpoint.Checkpoint loaded = org.snaptune.checkpoint.CheckpointCodec.decode(file);
    assertTrue(loaded.series().containsKey("clip.history"));
    try (HostSignatureRunner runner = head(8, Optimizer.adam())) {
      Trainer t = new Trainer(runner, CLASSES, autoClipConfig(), resumed);
      t.start(data);
      t.restore(loaded);
      assertEquals(TrainingResult.Status.COMPLETED, t.run().status());
      assertEquals(reference.lines, resumed.lines);
      assertTrue(sameWeights(referenceWeights, weights(runner)));
    }
    // Without the series (a version-1 file) the run resumes, re-learning both.
    Lines relearnt = new Lines();
    try (HostSignatureRunner runner = head(8, Optimizer.adam())) {
      Trainer t = new Trainer(runner, CLASSES, autoClipConfig(), relearnt);
      t.start(data);
      t.restore(new org.snaptune.checkpoint.Checkpoint(loaded.classNames(), loaded.variables(),
          t.head().variableShapes(), loaded.state()));
      assertEquals(TrainingResult.Status.COMPLETED, t.run().status());
      assertEquals(reference.lines.size() - 5, relearnt.lines.size());
      assertTrue("re-learnt AutoClip history clips differently",
          !reference.lines.subList(5, reference.lines.size()).equals(relearnt.lines));
    }
  }
}
