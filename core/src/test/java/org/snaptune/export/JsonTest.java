package org.snaptune.export;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class JsonTest {

  @Test
  public void writesAndReadsBackNestedValues() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a \"q\" \\ \n\t\u0001 ü");
    m.put("f", 0.0078125f);
    m.put("i", 42);
    m.put("l", Arrays.asList("x", true, Json.NULL));
    m.put("o", new LinkedHashMap<String, Object>());
    Map<?, ?> back = (Map<?, ?>) Json.parse(Json.write(m));
    assertEquals(m.get("s"), back.get("s"));
    assertEquals(0.0078125f, ((Double) back.get("f")).floatValue(), 0f);
    assertEquals(42.0, back.get("i"));
    assertEquals(Arrays.asList("x", true, Json.NULL), back.get("l"));
    assertTrue(((Map<?, ?>) back.get("o")).isEmpty());
  }

  @Test
  public void floatsSurviveExactly() {
    float[] values = {0.1f, 1f / 3, 1e-7f, 12345.678f, 0.023529412f};
    for (float v : values) {
      List<?> back = (List<?>) Json.parse(Json.write(Arrays.asList(v)));
      assertEquals(v, ((Double) back.get(0)).floatValue(), 0f);
    }
  }

  @Test
  public void malformedInputIsRejectedWithOffset() {
    String[] bad = {"", "{", "{\"a\":1,}", "{\"a\" 1}", "[1 2]", "\"open", "{\"a\":1}x", "tru",
        "{\"a\":1,\"a\":2}", "\"\\q\"", "01x", "[\"\\u12\"]", "{1:2}"};
    for (String s : bad) {
      try {
        Json.parse(s);
        fail("accepted: " + s);
      } catch (IllegalArgumentException e) {
        assertTrue(s + " → " + e.getMessage(), e.getMessage().startsWith("malformed JSON at offset"));
      }
    }
  }

  @Test
  public void deepNestingIsRefusedWithoutStackOverflow() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      sb.append('[');
    }
    try {
      Json.parse(sb.toString());
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("nesting deeper than"));
    }
  }

  @Test
  public void nonFiniteNumbersCannotBeWritten() {
    try {
      Json.write(Arrays.asList(Float.NaN));
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("non-finite"));
    }
  }
}
