package org.snaptune.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a {@link HeadSpec} into a trainable TFLite model: one subgraph per signature of
 * {@link HeadContract} plus an init subgraph run by {@code CALL_ONCE}, sharing resource variables,
 * builtin operators only (all at version 1), so the file runs on stock TFLite 2.14+ without Flex.
 *
 * <p>Subgraph order: infer (0, so a plain {@code Interpreter.run} infers), gradients, apply, train,
 * get_weights, set_weights, init. The gradients are derived by hand: with {@code p = softmax(z)},
 * smoothed targets {@code ỹ}, {@code sᵢ = Σ_c ỹᵢc} and {@code ωᵢ = wᵢ/Σw}, the logit gradient is
 * {@code ωᵢ·(sᵢ·pᵢ − ỹᵢ)}; it flows back through {@code Wᵀ} and the ReLU mask of each hidden layer.
 * Dense products use FULLY_CONNECTED: TFLite's BATCH_MATMUL kernel transposes its right-hand side
 * on every call and measured several times slower for these shapes.
 *
 * <p>Storage layout: each kernel and its optimizer slots are stored as [out, in], the weight layout
 * FULLY_CONNECTED reads, so neither the forward pass nor the fused {@code train} step transposes a
 * kernel ({@code train} computes the kernel gradient straight in [out, in] as dzᵀ·x). The public
 * contract stays [in, out]: {@code get_weights}, {@code set_weights}, the {@code grad_<var>}
 * outputs of {@code gradients} and the inputs of {@code apply} are [in, out], transposed at that
 * boundary (exactly: a transpose moves values without rounding). What remains per step is the
 * transpose of x (and of the small dz) for xᵀ·dz, which no TFLite matmul kernel avoids.
 *
 * <p>Stateless and thread-safe; each call returns fresh bytes owned by the caller.
 */
public final class HeadCompiler {

  private HeadCompiler() {}

  /** The .tflite bytes of {@code spec}. */
  public static byte[] compile(HeadSpec spec) {
    return new Build(spec).run();
  }

  /** Compilation state for one spec. */
  private static final class Build {
    private final HeadSpec spec;
    private final int layers;
    private final TfliteModelWriter writer = new TfliteModelWriter();
    private final int initIndex;

    Build(HeadSpec spec) {
      this.spec = spec;
      this.layers = spec.numLayers();
      // Subgraphs are numbered by creation; init is created last, after the six signatures.
      this.initIndex = 6;
      writer.description("SnapTune head " + spec);
    }

    byte[] run() {
      infer();
      gradients();
      apply();
      train();
      getWeights();
      setWeights();
      TfliteModelWriter.Graph init = writer.addSubgraph("init");
      if (init.index() != initIndex) {
        throw new IllegalStateException("init subgraph landed at " + init.index());
      }
      GraphOps ops = new GraphOps(init);
      for (Map.Entry<String, float[]> e : HeadWeights.initial(spec).entrySet()) {
        String var = e.getKey();
        float[] values = e.getValue();
        if (transposed(var)) {
          int[] s = shapeOf(var);
          values = transpose(values, s[0], s[1]);
        }
        ops.assign(var, initialValue(ops, var, values, storedShape(var)));
      }
      return writer.toByteArray();
    }

    /** {@code v} [rows, cols] row-major, transposed to [cols, rows]. */
    private static float[] transpose(float[] v, int rows, int cols) {
      float[] t = new float[v.length];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          t[c * rows + r] = v[r * cols + c];
        }
      }
      return t;
    }

    /** A constant for given or non-zero values; FILL for all-zero state, to keep files small. */
    private int initialValue(GraphOps ops, String name, float[] values, int[] shape) {
      for (float v : values) {
        if (v != 0f || 1 / v < 0) {
          return ops.graph().constant(name + "/initial", values, shape);
        }
      }
      return ops.zeros(shape);
    }

    private GraphOps signatureGraph(String key) {
      GraphOps ops = new GraphOps(writer.addSubgraph(key));
      ops.callOnce(initIndex);
      return ops;
    }

    /** Contract shape of {@code var}: [in, out] for kernels and their slots. */
    private int[] shapeOf(String var) {
      return spec.variableShape(var);
    }

    /** Kernels and their slots (kernel_i, kernel_i_m, …) are stored transposed, [out, in]. */
    private boolean transposed(String var) {
      return var.startsWith("kernel_");
    }

    /** Shape of {@code var} as stored in the model. */
    private int[] storedShape(String var) {
      int[] s = shapeOf(var);
      return transposed(var) ? new int[] {s[1], s[0]} : s;
    }

    /** The stored value of {@code var} in its contract layout. */
    private int readPublic(GraphOps ops, String var) {
      int t = ops.read(var, storedShape(var));
      return transposed(var) ? ops.transpose(t) : t;
    }

    /** Logits of {@code x}; fills {@code activations} with h₀ = x, h₁, … (inputs of each layer). */
    private int forward(GraphOps ops, int x, List<Integer> activations) {
      int h = x;
      for (int i = 0; i < layers; i++) {
        activations.add(h);
        // Stored [out, in]: FULLY_CONNECTED's weight layout, no transpose.
        int kernel = ops.read(HeadContract.kernel(i), storedShape(HeadContract.kernel(i)));
        int bias = ops.read(HeadContract.bias(i), storedShape(HeadContract.bias(i)));
        h = ops.fullyConnected(h, kernel, bias, i < layers - 1);
      }
      return h;
    }

    private void infer() {
      GraphOps ops = signatureGraph(HeadContract.INFER);
      int d = spec.embeddingSize();
      int x = ops.graph().dynamicTensor(HeadContract.X, new int[] {1, d}, new int[] {-1, d});
      int logits = forward(ops, x, new ArrayList<Integer>());
      int probabilities = ops.softmax(logits, HeadContract.PROBABILITIES);
      Map<String, Integer> in = new LinkedHashMap<>();
      in.put(HeadContract.X, x);
      Map<String, Integer> out = new LinkedHashMap<>();
      out.put(HeadContract.PROBABILITIES, probabilities);
      out.put(HeadContract.LOGITS, logits);
      writer.addSignature(HeadContract.INFER, ops.graph(), in, out);
    }

    /** Loss and gradient tensors of one batch, in a graph that has x, y, w inputs. */
    private static final class LossAndGrads {
      int loss;
      final Map<String, Integer> grads = new LinkedHashMap<>();
    }

    /**
     * Loss and gradients; kernel gradients in the contract's [in, out] layout when
     * {@code publicLayout} (the gradients signature), else in the stored [out, in] layout.
     */
    private LossAndGrads lossAndGrads(GraphOps ops, int x, int y, int w, boolean publicLayout) {
      int b = spec.batchSize();
      List<Integer> acts = new ArrayList<>();
      int logits = forward(ops, x, acts);
      double eps = spec.labelSmoothing();
      int target = y;
      if (eps > 0) {
        target = ops.add(ops.mul(y, ops.scalar((float) (1 - eps))),
            ops.scalar((float) (eps / spec.numClasses())));
      }
      int p = ops.softmax(logits, "softmax");
      int logp = ops.logSoftmax(logits);
      int invWeightSum = ops.div(ops.scalar(1f), ops.sumAll(w));
      int omega = ops.mul(ops.reshape(w, b, 1), invWeightSum);

      LossAndGrads r = new LossAndGrads();
      int crossEntropy = ops.neg(ops.sum(ops.mul(target, logp), false, 1));
      int loss = ops.mul(ops.sumAll(ops.mul(crossEntropy, w)), invWeightSum);
      if (spec.l2() > 0) {
        int decay = -1;
        for (int i = 0; i < layers; i++) {
          int k = ops.read(HeadContract.kernel(i), storedShape(HeadContract.kernel(i)));
          int sq = ops.sumAll(ops.mul(k, k));
          decay = decay < 0 ? sq : ops.add(decay, sq);
        }
        loss = ops.add(loss, ops.mul(decay, ops.scalar((float) spec.l2())));
      }
      r.loss = loss;

      int rowMass = ops.sum(target, true, 1);
      int dz = ops.mul(ops.sub(ops.mul(p, rowMass), target), omega);
      Map<String, Integer> reversed = new LinkedHashMap<>();
      for (int i = layers - 1; i >= 0; i--) {
        String kName = HeadContract.kernel(i);
        int kernel = ops.read(kName, storedShape(kName));
        int h = ops.transpose(acts.get(i));
        int dzT = ops.transpose(dz);
        int gk;
        if (publicLayout && spec.l2() == 0) {
          // [in, out] = hᵀ·dz, as FULLY_CONNECTED(hᵀ, dzᵀ).
          gk = ops.fullyConnected(h, dzT, -1, false);
        } else {
          // [out, in] = dzᵀ·h, as FULLY_CONNECTED(dzᵀ, hᵀ): the stored layout.
          gk = ops.fullyConnected(dzT, h, -1, false);
          if (spec.l2() > 0) {
            gk = ops.add(gk, ops.mul(kernel, ops.scalar((float) (2 * spec.l2()))));
          }
          if (publicLayout) {
            gk = ops.transpose(gk);
          }
        }
        int gb = ops.sum(dz, false, 0);
        reversed.put(HeadContract.bias(i), gb);
        reversed.put(kName, gk);
        if (i > 0) {
          // dh [B, in] = dz·kernel[out, in]: FULLY_CONNECTED wants that kernel as [in, out]. Only
          // layers after the first get here, whose kernels are small (hidden × classes).
          int dh = ops.fullyConnected(dz, ops.transpose(kernel), -1, false);
          dz = ops.mul(dh, ops.positiveMask(acts.get(i)));
        }
      }
      for (String var : spec.trainableVariables()) {
        r.grads.put(var, reversed.get(var));
      }
      return r;
    }

    private int[] batchInputs(GraphOps ops, Map<String, Integer> in) {
      int b = spec.batchSize();
      int x = ops.graph().tensor(HeadContract.X, b, spec.embeddingSize());
      int y = ops.graph().tensor(HeadContract.Y, b, spec.numClasses());
      int w = ops.graph().tensor(HeadContract.W, b);
      in.put(HeadContract.X, x);
      in.put(HeadContract.Y, y);
      in.put(HeadContract.W, w);
      return new int[] {x, y, w};
    }

    private void gradients() {
      GraphOps ops = signatureGraph(HeadContract.GRADIENTS);
      Map<String, Integer> in = new LinkedHashMap<>();
      int[] xyw = batchInputs(ops, in);
      LossAndGrads r = lossAndGrads(ops, xyw[0], xyw[1], xyw[2], true);
      Map<String, Integer> out = new LinkedHashMap<>();
      out.put(HeadContract.LOSS, r.loss);
      for (Map.Entry<String, Integer> e : r.grads.entrySet()) {
        out.put(HeadContract.grad(e.getKey()), e.getValue());
      }
      writer.addSignature(HeadContract.GRADIENTS, ops.graph(), in, out);
    }

    private void apply() {
      GraphOps ops = signatureGraph(HeadContract.APPLY);
      Map<String, Integer> in = new LinkedHashMap<>();
      Map<String, Integer> grads = new LinkedHashMap<>();
      for (String var : spec.trainableVariables()) {
        int g = ops.graph().tensor(HeadContract.grad(var), shapeOf(var));
        in.put(HeadContract.grad(var), g);
        // Gradients arrive [in, out] (the contract); the update works in the stored layout.
        grads.put(var, transposed(var) ? ops.transpose(g) : g);
      }
      int lr = ops.graph().tensor(HeadContract.LR);
      in.put(HeadContract.LR, lr);
      int step = update(ops, grads, lr);
      Map<String, Integer> out = new LinkedHashMap<>();
      out.put(HeadContract.STEP, step);
      writer.addSignature(HeadContract.APPLY, ops.graph(), in, out);
    }

    private void train() {
      GraphOps ops = signatureGraph(HeadContract.TRAIN);
      Map<String, Integer> in = new LinkedHashMap<>();
      int[] xyw = batchInputs(ops, in);
      int lr = ops.graph().tensor(HeadContract.LR);
      in.put(HeadContract.LR, lr);
      LossAndGrads r = lossAndGrads(ops, xyw[0], xyw[1], xyw[2], false);
      update(ops, r.grads, lr);
      Map<String, Integer> out = new LinkedHashMap<>();
      out.put(HeadContract.LOSS, r.loss);
      writer.addSignature(HeadContract.TRAIN, ops.graph(), in, out);
    }

    /** Appends the optimizer update of every trainable variable; returns the new step tensor. */
    private int update(GraphOps ops, Map<String, Integer> grads, int lr) {
      Optimizer opt = spec.optimizer();
      int step = ops.add(ops.read(HeadContract.STEP, new int[0]), ops.scalar(1f));
      int adamRate = -1;
      if (opt.kind() == Optimizer.Kind.ADAM) {
        int b1t = ops.pow(ops.scalar((float) opt.beta1()), step);
        int b2t = ops.pow(ops.scalar((float) opt.beta2()), step);
        int correction = ops.div(ops.sqrt(ops.sub(ops.scalar(1f), b2t)),
            ops.sub(ops.scalar(1f), b1t));
        adamRate = ops.mul(lr, correction);
      }
      for (Map.Entry<String, Integer> e : grads.entrySet()) {
        String var = e.getKey();
        int g = e.getValue();
        int[] shape = storedShape(var);
        int value = ops.read(var, shape);
        switch (opt.kind()) {
          case SGD:
            ops.assign(var, ops.sub(value, ops.mul(g, lr)));
            break;
          case MOMENTUM: {
            String slot = var + "_velocity";
            int velocity = ops.sub(ops.mul(ops.read(slot, shape), ops.scalar((float) opt.momentum())),
                ops.mul(g, lr));
            ops.assign(slot, velocity);
            ops.assign(var, ops.add(value, velocity));
            break;
          }
          case ADAM: {
            float b1 = (float) opt.beta1();
            float b2 = (float) opt.beta2();
            int m = ops.add(ops.mul(ops.read(var + "_m", shape), ops.scalar(b1)),
                ops.mul(g, ops.scalar(1f - b1)));
            int v = ops.add(ops.mul(ops.read(var + "_v", shape), ops.scalar(b2)),
                ops.mul(ops.mul(g, g), ops.scalar(1f - b2)));
            ops.assign(var + "_m", m);
            ops.assign(var + "_v", v);
            int denom = ops.add(ops.sqrt(v), ops.scalar((float) opt.epsilon()));
            ops.assign(var, ops.sub(value, ops.mul(ops.div(m, denom), adamRate)));
            break;
          }
          default:
            throw new IllegalArgumentException("unsupported optimizer " + opt);
        }
      }
      ops.assign(HeadContract.STEP, step);
      return step;
    }

    private void getWeights() {
      GraphOps ops = signatureGraph(HeadContract.GET_WEIGHTS);
      Map<String, Integer> out = new LinkedHashMap<>();
      for (String var : spec.allVariables()) {
        out.put(var, readPublic(ops, var));
      }
      writer.addSignature(HeadContract.GET_WEIGHTS, ops.graph(), new LinkedHashMap<String, Integer>(),
          out);
    }

    private void setWeights() {
      GraphOps ops = signatureGraph(HeadContract.SET_WEIGHTS);
      Map<String, Integer> in = new LinkedHashMap<>();
      for (String var : spec.allVariables()) {
        int t = ops.graph().tensor(var, shapeOf(var));
        in.put(var, t);
        ops.assign(var, transposed(var) ? ops.transpose(t) : t);
      }
      Map<String, Integer> out = new LinkedHashMap<>();
      out.put(HeadContract.STEP, ops.reread(HeadContract.STEP, new int[0]));
      writer.addSignature(HeadContract.SET_WEIGHTS, ops.graph(), in, out);
    }
  }
}
