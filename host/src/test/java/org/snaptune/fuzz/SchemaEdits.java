package org.snaptune.fuzz;

import java.util.Arrays;
import java.util.Random;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.SignatureDefT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorMapT;

/**
 * The catalogue of schema-aware edits {@link ModelMutator} applies to an unpacked model: tensor
 * picks, operator/subgraph index lists, builtin options and signature maps. Each draws from the
 * caller's {@link Random} only, so a mutant stays a pure function of its seed. Stateless.
 */
final class SchemaEdits {

  private SchemaEdits() {}

  static int pickTensor(SubGraphT g, Random r) {
    int[] io = r.nextBoolean() ? g.getOutputs() : g.getInputs();
    if (r.nextInt(3) == 0 && io != null && io.length > 0) {
      return io[r.nextInt(io.length)];
    }
    return r.nextInt(g.getTensors().length);
  }

  static int[] editIndices(int[] v, int tensors, Random r) {
    int[] in = v == null ? new int[0] : v;
    switch (r.nextInt(5)) {
      case 0: return Arrays.copyOf(in, Math.max(0, in.length - 1));
      case 1: {
        int[] out = Arrays.copyOf(in, in.length + 1);
        out[in.length] = r.nextBoolean() ? -1 : r.nextInt(tensors);
        return out;
      }
      case 2:
        if (in.length > 0) {
          in = in.clone();
          in[r.nextInt(in.length)] = -1;
        }
        return in;
      case 3:
        if (in.length > 1) {
          in = in.clone();
          int a = r.nextInt(in.length);
          int b = r.nextInt(in.length);
          int t = in[a];
          in[a] = in[b];
          in[b] = t;
        }
        return in;
      default:
        if (in.length > 0) {
          in = in.clone();
          in[r.nextInt(in.length)] = r.nextInt(tensors);
        }
        return in;
    }
  }

  static String options(OperatorT op, Random r) {
    BuiltinOptionsUnion u = op.getBuiltinOptions();
    Object o = u == null ? null : u.getValue();
    int[] values = {0, -1, 1, 2, 3, 7, 1000, Integer.MAX_VALUE, Integer.MIN_VALUE};
    int v = values[r.nextInt(values.length)];
    if (o instanceof Conv2DOptionsT) {
      Conv2DOptionsT c = (Conv2DOptionsT) o;
      switch (r.nextInt(4)) {
        case 0: c.setStrideW(v); break;
        case 1: c.setStrideH(v); break;
        case 2: c.setDilationWFactor(v); break;
        default: c.setPadding((byte) v); c.setFusedActivationFunction((byte) r.nextInt(8)); break;
      }
      return "Conv2DOptions field -> " + v;
    }
    if (o instanceof DepthwiseConv2DOptionsT) {
      DepthwiseConv2DOptionsT c = (DepthwiseConv2DOptionsT) o;
      switch (r.nextInt(4)) {
        case 0: c.setStrideW(v); break;
        case 1: c.setDepthMultiplier(v); break;
        case 2: c.setDilationHFactor(v); break;
        default: c.setPadding((byte) v); break;
      }
      return "DepthwiseConv2DOptions field -> " + v;
    }
    if (o instanceof Pool2DOptionsT) {
      Pool2DOptionsT c = (Pool2DOptionsT) o;
      switch (r.nextInt(3)) {
        case 0: c.setFilterWidth(v); break;
        case 1: c.setStrideH(v); break;
        default: c.setFilterHeight(v); break;
      }
      return "Pool2DOptions field -> " + v;
    }
    if (o instanceof ReshapeOptionsT) {
      ((ReshapeOptionsT) o).setNewShape(new int[] {v, r.nextInt(3) - 1});
      return "ReshapeOptions new_shape -> [" + v + ", ...]";
    }
    if (o instanceof SoftmaxOptionsT) {
      float[] betas = {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY, 1e30f};
      ((SoftmaxOptionsT) o).setBeta(betas[r.nextInt(betas.length)]);
      return "SoftmaxOptions beta";
    }
    op.setBuiltinOptions(null);
    return "builtin options removed";
  }

  static String signature(ModelT m, Random r) {
    SignatureDefT[] sigs = m.getSignatureDefs();
    SubGraphT g0 = m.getSubgraphs()[0];
    if (sigs == null || sigs.length == 0) {
      // Give the model a signature that is (usually) slightly wrong.
      SignatureDefT s = new SignatureDefT();
      s.setSignatureKey("serving_default");
      s.setInputs(maps("in", g0.getInputs()));
      int[] outs = g0.getOutputs();
      s.setOutputs(maps("out", r.nextBoolean() ? Arrays.copyOf(outs, Math.max(0, outs.length - 1))
          : outs));
      m.setSignatureDefs(new SignatureDefT[] {s});
      g0.setOutputs(r.nextBoolean() ? editIndices(outs, g0.getTensors().length, r) : outs);
      return "signature added";
    }
    SignatureDefT s = sigs[r.nextInt(sigs.length)];
    SubGraphT g = m.getSubgraphs()[Math.min((int) s.getSubgraphIndex(), m.getSubgraphs().length - 1)];
    switch (r.nextInt(5)) {
      case 0: {
        TensorMapT[] o = s.getOutputs();
        s.setOutputs(Arrays.copyOf(o, Math.max(0, o.length - 1)));
        return "signature " + s.getSignatureKey() + " output map dropped";
      }
      case 1: {
        int[] outs = g.getOutputs();
        int[] more = Arrays.copyOf(outs, outs.length + 1);
        more[outs.length] = r.nextInt(g.getTensors().length);
        g.setOutputs(more);
        return "subgraph of " + s.getSignatureKey() + " gains an output";
      }
      case 2: {
        TensorMapT[] in = s.getInputs();
        if (in.length > 0) {
          in[r.nextInt(in.length)].setTensorIndex(r.nextInt(g.getTensors().length));
        }
        return "signature " + s.getSignatureKey() + " input index changed";
      }
      case 3: {
        TensorMapT[] in = s.getInputs();
        if (in.length > 1) {
          in[0].setName(in[1].getName());
        }
        return "signature " + s.getSignatureKey() + " duplicate name";
      }
      default:
        s.setSubgraphIndex(r.nextInt(m.getSubgraphs().length + 1));
        return "signature " + s.getSignatureKey() + " subgraph -> " + s.getSubgraphIndex();
    }
  }

  static TensorMapT[] maps(String prefix, int[] tensors) {
    TensorMapT[] out = new TensorMapT[tensors.length];
    for (int i = 0; i < tensors.length; i++) {
      out[i] = new TensorMapT();
      out[i].setName(prefix + i);
      out[i].setTensorIndex(tensors[i]);
    }
    return out;
  }
}
