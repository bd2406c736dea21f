package org.snaptune.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.snaptune.image.InputSpec;

/**
 * A personalised model as one shareable unit: the adapted backbone .tflite (image → embedding), the
 * trained head .tflite (embedding → class probabilities), the class labels in the head's output
 * order, the backbone's preprocessing and the embedding size.
 *
 * <p>Immutable and thread-safe. The model byte arrays are copied on the way in and on the way out,
 * so neither the builder's caller nor the reader of {@link #backbone()} can change a bundle. Building
 * checks only what is local to the fields; {@link BundleWriter} and {@link BundleReader} also check
 * the models against each other and against the manifest.
 */
public final class ModelBundle {

  /** Longest label accepted; labels are shown on one line of a phone screen. */
  public static final int MAX_LABEL_LENGTH = 200;
  /** Most classes a bundle may carry. */
  public static final int MAX_CLASSES = 10_000;

  private final byte[] backbone;
  private final byte[] head;
  private final List<String> labels;
  private final InputSpec inputSpec;
  private final int embeddingSize;
  private final String createdBy;

  private ModelBundle(Builder b) {
    this.backbone = b.backbone.clone();
    this.head = b.head.clone();
    this.labels = Collections.unmodifiableList(new ArrayList<>(b.labels));
    this.inputSpec = b.inputSpec;
    this.embeddingSize = b.embeddingSize;
    this.createdBy = b.createdBy;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A copy of the backbone .tflite bytes. */
  public byte[] backbone() { return backbone.clone(); }

  /** A copy of the head .tflite bytes. */
  public byte[] head() { return head.clone(); }

  /** Size of the backbone file without copying it. */
  public int backboneSize() { return backbone.length; }

  /** Size of the head file without copying it. */
  public int headSize() { return head.length; }

  /** Class labels, index i naming the head's output i. Unmodifiable. */
  public List<String> labels() { return labels; }

  public InputSpec inputSpec() { return inputSpec; }

  public int embeddingSize() { return embeddingSize; }

  /** Free-text producer note (app name and version), empty when unknown. */
  public String createdBy() { return createdBy; }

  // Package-private views without a copy for the writer's checksums and validation.
  byte[] backboneUnsafe() { return backbone; }

  byte[] headUnsafe() { return head; }

  /** Collects the parts of a bundle; not thread-safe. */
  public static final class Builder {
    private byte[] backbone;
    private byte[] head;
    private List<String> labels;
    private InputSpec inputSpec;
    private int embeddingSize;
    private String createdBy = "";

    private Builder() {}

    /** Required: the adapted backbone .tflite bytes (copied at build). */
    public Builder setBackbone(byte[] tflite) { this.backbone = tflite; return this; }

    /** Required: the trained head .tflite bytes (copied at build). */
    public Builder setHead(byte[] tflite) { this.head = tflite; return this; }

    /** Required: class labels in the head's output order. */
    public Builder setLabels(List<String> labels) { this.labels = labels; return this; }

    /** Required: the backbone's input size, type and normalisation. */
    public Builder setInputSpec(InputSpec spec) { this.inputSpec = spec; return this; }

    /** Required: length of the embedding the backbone feeds the head. */
    public Builder setEmbeddingSize(int size) { this.embeddingSize = size; return this; }

    /** Optional producer note, e.g. "SnapTune 0.1.0". */
    public Builder optCreatedBy(String note) { this.createdBy = note; return this; }

    /**
     * @throws IllegalArgumentException naming the first missing or invalid field
     */
    public ModelBundle build() {
      if (backbone == null || backbone.length == 0) {
        throw new IllegalArgumentException("backbone .tflite bytes are required (setBackbone)");
      }
      if (head == null || head.length == 0) {
        throw new IllegalArgumentException("head .tflite bytes are required (setHead)");
      }
      if (inputSpec == null) {
        throw new IllegalArgumentException("preprocessing is required (setInputSpec)");
      }
      if (embeddingSize < 1) {
        throw new IllegalArgumentException(
            "embedding size must be at least 1 (setEmbeddingSize), got " + embeddingSize);
      }
      checkLabels(labels);
      if (createdBy == null || createdBy.length() > MAX_LABEL_LENGTH) {
        throw new IllegalArgumentException(
            "createdBy must be non-null and at most " + MAX_LABEL_LENGTH + " characters");
      }
      return new ModelBundle(this);
    }
  }

  /** Labels must be 2..MAX_CLASSES distinct, non-blank, single-line strings. */
  static void checkLabels(List<String> labels) {
    if (labels == null) {
      throw new IllegalArgumentException("labels are required (setLabels)");
    }
    if (labels.size() < 2 || labels.size() > MAX_CLASSES) {
      throw new IllegalArgumentException("a bundle needs between 2 and " + MAX_CLASSES
          + " labels, got " + labels.size());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < labels.size(); i++) {
      String label = labels.get(i);
      if (label == null || label.trim().isEmpty()) {
        throw new IllegalArgumentException("label " + i + " is empty");
      }
      if (label.length() > MAX_LABEL_LENGTH) {
        throw new IllegalArgumentException("label " + i + " is longer than " + MAX_LABEL_LENGTH
            + " characters");
      }
      for (int c = 0; c < label.length(); c++) {
        if (label.charAt(c) < 0x20) {
          throw new IllegalArgumentException("label " + i + " (\"" + label.trim()
              + "\") contains a control character; labels are single-line text");
        }
      }
      LabelText.check(label, i);
      if (!seen.add(label)) {
        throw new IllegalArgumentException("label \"" + label + "\" appears more than once");
      }
    }
  }
}
