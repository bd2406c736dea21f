package org.snaptune.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.SignatureDef;
import org.tensorflow.lite.schema.SubGraph;

/** The structure of compiled heads, read back with the schema classes (no runtime needed). */
public class HeadCompilerTest {

  private static final HeadSpec SPEC = HeadSpec.builder().setEmbeddingSize(16).setNumClasses(4)
      .setBatchSize(8).optHiddenLayers(12).optL2(1e-3).optLabelSmoothing(0.1).build();

  @Test
  public void signaturesCarryTheContractNames() {
    Model m = Model.getRootAsModel(ByteBuffer.wrap(HeadCompiler.compile(SPEC)));
    assertEquals(7, m.subgraphsLength());
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < m.signatureDefsLength(); i++) {
      SignatureDef s = m.signatureDefs(i);
      keys.add(s.signatureKey());
      assertEquals("signature " + s.signatureKey() + " has its own subgraph", i, s.subgraphIndex());
    }
    assertEquals(Arrays.asList("infer", "gradients", "apply", "train", "get_weights",
        "set_weights"), keys);
    assertEquals(Arrays.asList("x", "y", "w"), names(m.signatureDefs(1), true));
    assertEquals(Arrays.asList("loss", "grad_kernel_0", "grad_bias_0", "grad_kernel_1",
        "grad_bias_1"), names(m.signatureDefs(1), false));
    assertEquals(SPEC.allVariables(), names(m.signatureDefs(4), false));
    SubGraph infer = m.subgraphs(0);
    int x = infer.inputs(0);
    assertArrayEquals(new int[] {-1, 16}, new int[] {infer.tensors(x).shapeSignature(0),
        infer.tensors(x).shapeSignature(1)});
  }

  @Test
  public void onlyBuiltinOpsAtVersionOneWithTheOpcodeRule() {
    Model m = Model.getRootAsModel(ByteBuffer.wrap(HeadCompiler.compile(SPEC)));
    Set<Integer> codes = new HashSet<>();
    for (int i = 0; i < m.operatorCodesLength(); i++) {
      OperatorCode c = m.operatorCodes(i);
      assertEquals(1, c.version());
      assertEquals(null, c.customCode());
      assertTrue(c.builtinCode() != BuiltinOperator.CUSTOM);
      assertEquals(Math.min(c.builtinCode(), 127), c.deprecatedBuiltinCode());
      codes.add(c.builtinCode());
    }
    assertTrue(codes.containsAll(Arrays.asList(BuiltinOperator.CALL_ONCE,
        BuiltinOperator.VAR_HANDLE, BuiltinOperator.READ_VARIABLE,
        BuiltinOperator.ASSIGN_VARIABLE, BuiltinOperator.FULLY_CONNECTED,
        BuiltinOperator.TRANSPOSE)));
    // Every signature subgraph starts with CALL_ONCE of the last (init) subgraph.
    for (int s = 0; s < 6; s++) {
      int opcode = (int) m.subgraphs(s).operators(0).opcodeIndex();
      assertEquals(BuiltinOperator.CALL_ONCE, m.operatorCodes(opcode).builtinCode());
    }
    assertEquals(0, m.subgraphs(6).inputsLength());
    assertEquals(0, m.subgraphs(6).outputsLength());
  }

  /**
   * Every operator is one that stock TFLite has had at version 1 since 2.7 (resource variables,
   * CALL_ONCE), so the file runs on the app's 2.14 runtime; a new op here must be checked first.
   */
  @Test
  public void usesOnlyOpsKnownToTflite214() {
    Set<Integer> allowed = new HashSet<>(Arrays.asList(BuiltinOperator.ADD, BuiltinOperator.SUB,
        BuiltinOperator.MUL, BuiltinOperator.DIV, BuiltinOperator.POW, BuiltinOperator.SQRT,
        BuiltinOperator.NEG, BuiltinOperator.SUM, BuiltinOperator.RESHAPE,
        BuiltinOperator.TRANSPOSE, BuiltinOperator.FULLY_CONNECTED, BuiltinOperator.SOFTMAX,
        BuiltinOperator.LOG_SOFTMAX, BuiltinOperator.GREATER, BuiltinOperator.CAST,
        BuiltinOperator.FILL, BuiltinOperator.CALL_ONCE, BuiltinOperator.VAR_HANDLE,
        BuiltinOperator.READ_VARIABLE, BuiltinOperator.ASSIGN_VARIABLE));
    for (Optimizer o : new Optimizer[] {Optimizer.sgd(), Optimizer.momentum(0.9), Optimizer.adam()}) {
      Model m = Model.getRootAsModel(ByteBuffer.wrap(HeadCompiler.compile(
          SPEC.toBuilder().optOptimizer(o).build())));
      for (int i = 0; i < m.operatorCodesLength(); i++) {
        int code = m.operatorCodes(i).builtinCode();
        assertTrue(o + " uses " + BuiltinOperator.name(code), allowed.contains(code));
      }
    }
  }

  @Test
  public void constantBuffersAre16ByteAligned() {
    byte[] bytes = HeadCompiler.compile(SPEC);
    Model m = Model.getRootAsModel(ByteBuffer.wrap(bytes));
    int nonEmpty = 0;
    for (int i = 0; i < m.buffersLength(); i++) {
      ByteBuffer data = m.buffers(i).dataAsByteBuffer();
      if (data != null && data.remaining() > 0) {
        nonEmpty++;
        assertEquals("buffer " + i + " offset", 0, data.position() % 16);
      }
    }
    assertTrue(nonEmpty > 0);
  }

  @Test
  public void passesTheJavaVerifierAndIsDeterministic() {
    byte[] a = HeadCompiler.compile(SPEC);
    ModelVerifier.verify(a);
    assertArrayEquals(a, HeadCompiler.compile(SPEC));
    assertFalse(Arrays.equals(a, HeadCompiler.compile(SPEC.toBuilder().optSeed(1).build())));
    for (Optimizer o : new Optimizer[] {Optimizer.sgd(), Optimizer.momentum(0.5)}) {
      ModelVerifier.verify(HeadCompiler.compile(SPEC.toBuilder().optOptimizer(o).build()));
    }
  }

  /**
   * Kernels are stored in FULLY_CONNECTED's [out, in] layout: infer transposes nothing, and the
   * fused train step transposes batch-major activations ([B, n]: x, dz, h) and, to back-propagate
   * into the hidden layer, only the small last kernel [C, H], never the first one [H, D].
   */
  @Test
  public void inferAndTrainNeverTransposeAKernel() {
    HeadSpec spec = SPEC.toBuilder().setEmbeddingSize(40).optOptimizer(Optimizer.adam()).build();
    Model m = Model.getRootAsModel(ByteBuffer.wrap(HeadCompiler.compile(spec)));
    assertEquals(0, transposeInputs(m, 0).size());
    List<int[]> train = transposeInputs(m, 3);
    assertFalse("train transposes x for xᵀ·dz", train.isEmpty());
    int[] lastKernel = {spec.numClasses(), 12};
    for (int[] shape : train) {
      assertEquals(Arrays.toString(shape), 2, shape.length);
      assertTrue("a batch-major activation or the last kernel: " + Arrays.toString(shape),
          shape[0] == spec.batchSize() || Arrays.equals(lastKernel, shape));
    }
    // gradients: with L2 the first kernel's gradient is formed in the stored [out, in] layout and
    // turned once to the contract's [in, out]; the stored kernel itself is never transposed.
    for (int[] shape : transposeInputs(m, 1)) {
      assertTrue(Arrays.toString(shape), shape[0] == spec.batchSize()
          || Arrays.equals(lastKernel, shape) || Arrays.equals(new int[] {12, 40}, shape));
    }
  }

  /** Shapes of the inputs of every TRANSPOSE in subgraph {@code s}. */
  private static List<int[]> transposeInputs(Model m, int s) {
    SubGraph g = m.subgraphs(s);
    List<int[]> shapes = new ArrayList<>();
    for (int i = 0; i < g.operatorsLength(); i++) {
      int code = m.operatorCodes((int) g.operators(i).opcodeIndex()).builtinCode();
      if (code == BuiltinOperator.TRANSPOSE) {
        org.tensorflow.lite.schema.Tensor t = g.tensors(g.operators(i).inputs(0));
        int[] shape = new int[t.shapeLength()];
        for (int k = 0; k < shape.length; k++) {
          shape[k] = t.shape(k);
        }
        shapes.add(shape);
      }
    }
    return shapes;
  }

  @Test
  public void zeroStateIsFilledNotStored() {
    // Adam doubles the state but the file should not grow by the zero m/v buffers.
    HeadSpec sgd = SPEC.toBuilder().setEmbeddingSize(512).optOptimizer(Optimizer.sgd()).build();
    HeadSpec adam = sgd.toBuilder().optOptimizer(Optimizer.adam()).build();
    int sgdSize = HeadCompiler.compile(sgd).length;
    int adamSize = HeadCompiler.compile(adam).length;
    assertTrue(sgdSize + " vs " + adamSize, adamSize < sgdSize + 64 * 1024);
    assertTrue(sgdSize > 512 * 12 * 4);
  }

  private static List<String> names(SignatureDef s, boolean inputs) {
    List<String> out = new ArrayList<>();
    int n = inputs ? s.inputsLength() : s.outputsLength();
    for (int i = 0; i < n; i++) {
      out.add(inputs ? s.inputs(i).name() : s.outputs(i).name());
    }
    return out;
  }
}
