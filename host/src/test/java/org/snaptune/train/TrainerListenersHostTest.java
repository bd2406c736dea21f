package org.snaptune.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.snaptune.train.TrainerFixtures.CLASSES;
import static org.snaptune.train.TrainerFixtures.blobs;
import static org.snaptune.train.TrainerFixtures.head;

import java.io.StringWriter;
import org.junit.Test;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.model.Optimizer;

/** Several listeners on one real run: each sees every event, in the order given. */
public class TrainerListenersHostTest {

  @Test
  public void everyListenerSeesTheWholeRun() throws Exception {
    try (HostSignatureRunner runner = head(8, Optimizer.adam())) {
      TrainerHostTest.Recorder a = new TrainerHostTest.Recorder();
      TrainerHostTest.Recorder b = new TrainerHostTest.Recorder();
      StringWriter trace = new StringWriter();
      StringBuilder order = new StringBuilder();
      TrainingListener first = new TrainingListener() {
        @Override public void onStep(org.snaptune.health.StepReport r) {
          order.append(a.steps.size() == r.step() - 1 ? "" : "a-ran-first;");
        }
      };
      TrainerConfig c = TrainerConfig.builder().setLearningRate(0.05).setEpochs(3).optSeed(11)
          .build();
      Trainer t;
      try (FlightRecorder recorder = new FlightRecorder(trace)) {
        t = new Trainer(runner, CLASSES, c, first, a, null, recorder, b);
        t.start(blobs(40, 1, 0));
        t.run();
      }
      TrainingResult r = t.result();
      assertEquals(TrainingResult.Status.COMPLETED, r.status());
      assertEquals("the first listener ran before the second on every step", "",
          order.toString());
      assertEquals(r.steps(), a.steps.size());
      assertEquals(a.steps, b.steps);
      assertEquals(3, a.epochs.size());
      assertEquals(a.epochs, b.epochs);
      assertEquals(a.changes, b.changes);
      assertSame(r, a.finished);
      assertSame(r, b.finished);
      String[] lines = trace.toString().split("\n");
      assertEquals(r.steps(), lines.length);
      assertTrue(lines[0], lines[0].startsWith("{\"step\":1,"));
    }
  }
}
