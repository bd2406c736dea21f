package org.snaptune.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.Test;
import org.snaptune.health.StepReport;
import org.snaptune.health.Verdict;

public class FlightRecorderTest {

  private static String num(double v) {
    return FlightRecorder.num(new StringBuilder(), v).toString();
  }

  @Test
  public void numbersAreJsonWithSevenSignificantDigits() {
    assertEquals("0.01", num(0.01));
    assertEquals("1", num(1));
    assertEquals("2.302585", num(Math.log(10)));
    assertEquals("-832", num(-832));
    assertEquals("1234567", num(1234567));
    assertEquals("1.234568E7", num(12345678));
    assertEquals("0.0001", num(1e-4));
    assertEquals("1E-5", num(1e-5));
    assertEquals("9.999999E-9", num(9.9999991e-9));
    assertEquals("1E-8", num(9.99999999e-9));
    assertEquals("0", num(0));
    assertEquals("null", num(Double.NaN));
    assertEquals("null", num(Double.NEGATIVE_INFINITY));
    assertEquals("4.9E-324", num(Double.MIN_VALUE));
    Random r = new Random(1);
    for (int i = 0; i < 100000; i++) {
      double v = Math.exp(r.nextGaussian() * 30) * (r.nextBoolean() ? 1 : -1);
      double back = Double.parseDouble(num(v));
      assertTrue(v + " -> " + num(v), Math.abs(back - v) <= 5e-7 * Math.abs(v));
    }
  }

  @Test
  public void writesOneLinePerStepWithNullForWhatWasNotMeasured() throws Exception {
    StringWriter w = new StringWriter();
    Map<String, Double> norms = new LinkedHashMap<>();
    norms.put("kernel_0", 3.0);
    norms.put("bias_\"0", 4.0);
    Verdict v = new Verdict(Verdict.Kind.EXPLODING, Verdict.Reason.LOSS_SPIKE, "x", "y",
        "learning rate backed off to x0.500");
    try (FlightRecorder rec = new FlightRecorder(w)) {
      rec.onStep(new StepReport(7, 2, 105.5, 5, 1, 1, true, norms, Double.NaN, 0, 0, 0.5, true, v,
          0.5, StepReport.Recovery.BACKED_OFF));
      rec.close();
    }
    assertEquals("{\"step\":7,\"epoch\":2,\"loss\":105.5,\"grad_norm\":5,\"grad_norm_clipped\":1,"
        + "\"clipped\":true,\"threshold\":1,\"lr\":0.5,\"lr_scale\":0.5,\"update_ratio\":null,"
        + "\"verdict\":\"EXPLODING\",\"reason\":\"LOSS_SPIKE\",\"action\":\"learning rate backed"
        + " off to x0.500\",\"recovery\":\"BACKED_OFF\",\"nonfinite\":0,\"applied\":true,"
        + "\"tensor_norms\":{\"kernel_0\":3,\"bias_\\\"0\":4}}\n", w.toString());
  }
}
