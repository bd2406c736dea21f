package org.snaptune.vision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.snaptune.image.ImagePreprocessor;
import org.snaptune.image.Yuv420Frame;
import org.snaptune.model.HeadContract;
import org.snaptune.prototype.PrototypeClassifier;
import org.snaptune.runtime.SignatureRunner;

/**
 * The camera pipeline after the camera: frame → backbone input → backbone → either the ImageNet
 * top-k (nothing personalised yet), the user's class prototypes (from the first sample on) or the
 * user's trained head's {@code infer} over the embedding, which wins when both are set. Keeps the
 * last frame's embedding and crop so the screen can store them as a sample.
 *
 * <p>Threading: {@code classify*}, {@code copyLast*} and {@link #close()} run on one thread (the
 * camera's). {@link #setHead} may be called from any thread; the new head is picked up by the next
 * classification, and the replaced one is closed on the classifying thread.
 *
 * <p>Ownership: the classifier owns the backbone runner and every head handed to it, and closes
 * them. close() is idempotent; other methods throw IllegalStateException after it.
 */
public final class FrameClassifier implements AutoCloseable {

  /** Labels shown before personalisation. */
  public static final int TOP_K = 3;

  private static final class Head {
    final SignatureRunner runner;
    final List<String> classNames;

    Head(SignatureRunner runner, List<String> classNames) {
      this.runner = runner;
      this.classNames = classNames;
    }
  }

  private final BackboneRunner backbone;
  private final List<String> imagenetLabels;
  private final ImagePreprocessor preprocessor;
  private final float[] logits;
  private final float[] imagenetProbabilities;
  private final float[] embedding;
  private final Object headLock = new Object();
  private Head pendingHead;
  private boolean headChanged;
  private Head head;
  /** Immutable, so publishing the reference is enough: any thread may replace it. */
  private volatile PrototypeClassifier prototypes;
  private float[] prototypeProbabilities = new float[0];
  private boolean hasFrame;
  private boolean closed;

  /**
   * @param backbone an adapted backbone; owned from now on
   * @param imagenetLabels one per logit (1001 for MobileNet, "background" first), or null when the
   *     labels are not available (predictions are then named "class &lt;index&gt;")
   * @throws IllegalArgumentException if the label count does not match the logits
   */
  public FrameClassifier(BackboneRunner backbone, List<String> imagenetLabels) {
    if (backbone == null) {
      throw new IllegalArgumentException("backbone is null");
    }
    int logitsSize = backbone.info().logitsSize();
    if (imagenetLabels != null && imagenetLabels.size() != logitsSize) {
      throw new IllegalArgumentException("the backbone has " + logitsSize + " outputs but "
          + imagenetLabels.size() + " labels were given");
    }
    this.backbone = backbone;
    this.imagenetLabels = imagenetLabels == null ? null
        : Collections.unmodifiableList(new ArrayList<>(imagenetLabels));
    this.preprocessor = new ImagePreprocessor(backbone.info().inputSpec());
    this.logits = new float[logitsSize];
    this.imagenetProbabilities = new float[logitsSize];
    this.embedding = new float[backbone.info().embeddingSize()];
  }

  /** The backbone in use (for its description and input spec). */
  public BackboneRunner backbone() {
    checkOpen();
    return backbone;
  }

  /**
   * Switches to personalised classification with a trained head, or back to ImageNet with null.
   * The head must have an {@code infer} signature whose {@code x} takes this backbone's embedding
   * and whose {@code probabilities} has one value per class name. Owned from now on.
   *
   * @throws IllegalArgumentException if the head does not fit the backbone or the names
   */
  public void setHead(SignatureRunner runner, List<String> classNames) {
    Head next = null;
    if (runner != null) {
      if (classNames == null || classNames.isEmpty()) {
        runner.close();
        throw new IllegalArgumentException("a head needs its class names");
      }
      int[] shape = runner.inputShape(HeadContract.INFER, HeadContract.X);
      int d = embedding.length;
      if (shape.length != 2 || shape[1] != d) {
        runner.close();
        throw new IllegalArgumentException("the head's infer input x has shape "
            + java.util.Arrays.toString(shape) + " but the backbone's embedding has " + d
            + " values");
      }
      if (shape[0] != 1) {
        runner.resizeInput(HeadContract.INFER, HeadContract.X, new int[] {1, d});
      }
      next = new Head(runner, Collections.unmodifiableList(new ArrayList<>(classNames)));
    }
    Head dropped;
    synchronized (headLock) {
      if (closed) {
        if (next != null) {
          next.runner.close();
        }
        throw new IllegalStateException("frame classifier is closed");
      }
      dropped = pendingHead;
      pendingHead = next;
      headChanged = true;
    }
    if (dropped != null) {
      dropped.runner.close(); // never handed to the camera thread, so not in use
    }
  }

  /**
   * Sets the class prototypes used while no trained head is set (null: none, ImageNet then). They
   * take effect with the next classification, so a class classifies from its first sample.
   *
   * @throws IllegalArgumentException if their embedding size is not the backbone's
   */
  public void setPrototypes(PrototypeClassifier classifier) {
    if (classifier != null && classifier.dimension() != embedding.length) {
      throw new IllegalArgumentException("prototypes of " + classifier.dimension()
          + "-value embeddings for a backbone whose embedding has " + embedding.length);
    }
    checkOpen();
    prototypes = classifier;
  }

  /** Classifies a camera frame; {@code rotationDegrees} is the sensor orientation. */
  public Classification classify(Yuv420Frame frame, int rotationDegrees) {
    checkOpen();
    long t0 = System.nanoTime();
    backbone.input().clear();
    preprocessor.fromYuv(frame, rotationDegrees, backbone.input());
    return finish(t0);
  }

  /** Classifies ARGB pixels (an imported photo), upright after {@code rotationDegrees}. */
  public Classification classifyArgb(int[] argb, int width, int height, int rotationDegrees) {
    checkOpen();
    long t0 = System.nanoTime();
    backbone.input().clear();
    preprocessor.fromArgb(argb, width, height, rotationDegrees, backbone.input());
    return finish(t0);
  }

  /** Whether a trained head is in use (as of the last classification). */
  public boolean personalised() {
    checkOpen();
    return head != null;
  }

  /** Copies the last frame's embedding (the sample to store). */
  public void copyLastEmbedding(float[] out) {
    checkLast();
    if (out == null || out.length != embedding.length) {
      throw new IllegalArgumentException("embedding needs an array of " + embedding.length);
    }
    System.arraycopy(embedding, 0, out, 0, embedding.length);
  }

  /** Copies the last frame's upright crop as ARGB (input width × height): the sample's picture. */
  public void copyLastCrop(int[] argbOut) {
    checkLast();
    preprocessor.copyLastRgbAsArgb(argbOut);
  }

  public int embeddingSize() { return embedding.length; }

  @Override
  public void close() {
    Head pending;
    synchronized (headLock) {
      if (closed) {
        return;
      }
      closed = true;
      pending = pendingHead;
      pendingHead = null;
    }
    if (pending != null) {
      pending.runner.close();
    }
    if (head != null) {
      head.runner.close();
      head = null;
    }
    backbone.close();
  }

  private Classification finish(long t0) {
    long t1 = System.nanoTime();
    backbone.run(logits, embedding);
    long t2 = System.nanoTime();
    hasFrame = true;
    swapHead();
    PrototypeClassifier protos = prototypes;
    if (head == null && protos != null) {
      if (prototypeProbabilities.length != protos.numClasses()) {
        prototypeProbabilities = new float[protos.numClasses()];
      }
      protos.probabilities(embedding, prototypeProbabilities);
      long t3 = System.nanoTime();
      return new Classification(Classification.Source.PROTOTYPES,
          Predictions.topK(prototypeProbabilities, protos.classNames(), protos.numClasses()),
          millis(t0, t1), millis(t1, t2), millis(t2, t3));
    }
    if (head == null) {
      System.arraycopy(logits, 0, imagenetProbabilities, 0, logits.length);
      Predictions.toProbabilities(imagenetProbabilities);
      return new Classification(Classification.Source.IMAGENET,
          Predictions.topK(imagenetProbabilities, imagenetLabels, TOP_K), millis(t0, t1), millis(t1, t2),
          0);
    }
    Map<String, float[]> out = head.runner.run(HeadContract.INFER,
        Collections.singletonMap(HeadContract.X, embedding));
    float[] probabilities = out.get(HeadContract.PROBABILITIES);
    if (probabilities == null || probabilities.length != head.classNames.size()) {
      throw new IllegalStateException("the head's infer gave " + (probabilities == null ? "no"
          : probabilities.length) + " probabilities for " + head.classNames.size() + " classes");
    }
    long t3 = System.nanoTime();
    return new Classification(Classification.Source.PERSONAL,
        Predictions.topK(probabilities, head.classNames, head.classNames.size()),
        millis(t0, t1), millis(t1, t2), millis(t2, t3));
  }

  private void swapHead() {
    Head next;
    synchronized (headLock) {
      if (!headChanged) {
        return;
      }
      next = pendingHead;
      pendingHead = null;
      headChanged = false;
    }
    if (head != null) {
      head.runner.close();
    }
    head = next;
  }

  private static double millis(long from, long to) {
    return (to - from) / 1e6;
  }

  private void checkLast() {
    checkOpen();
    if (!hasFrame) {
      throw new IllegalStateException("no frame classified yet");
    }
  }

  private void checkOpen() {
    synchronized (headLock) {
      if (closed) {
        throw new IllegalStateException("frame classifier is closed");
      }
    }
  }
}
