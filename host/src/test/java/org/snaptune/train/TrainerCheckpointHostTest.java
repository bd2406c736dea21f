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
}
