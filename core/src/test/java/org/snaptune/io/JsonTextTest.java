package org.snaptune.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import org.junit.Test;

public class JsonTextTest {

  private static final int DEPTH = 16;

  @Test
  public void writesAndReadsBackNestedValues() {
    JsonObject m = new JsonObject();
    m.addProperty("s", "a \"q\" \\ \n\t\u0001 ü <&>");
    m.addProperty("f", 0.0078125f);
    m.addProperty("i", 42);
    JsonArray l = new JsonArray();
    l.add("x");
    l.add(true);
    l.add(JsonNull.INSTANCE);
    m.add("l", l);
    m.add("o", new JsonObject());
    String text = JsonText.write(m);
    JsonObject back = JsonText.parse(text, DEPTH).getAsJsonObject();
    assertEquals(m.get("s").getAsString(), back.get("s").getAsString());
    assertEquals(0.0078125f, back.get("f").getAsFloat(), 0f);
    assertEquals(42.0, back.get("i").getAsDouble(), 0);
    assertEquals(l, back.get("l"));
    assertEquals(0, back.getAsJsonObject("o").size());
    // The layout other tools and tests rely on: a member per line, arrays inline, no HTML escapes.
    assertTrue(text, text.startsWith("{\n  \"s\": \"a \\\"q\\\" \\\\ \\n\\t\\u0001 ü <&>\",\n"));
    assertTrue(text, text.contains("\n  \"i\": 42,\n  \"l\": [\"x\", true, null],\n  \"o\": {}\n}\n"));
    // An object of scalars stays on one line; one holding containers is laid out member by member.
    JsonObject nested = new JsonObject();
    JsonObject counts = new JsonObject();
    counts.addProperty("HEALTHY", 3);
    counts.addProperty("STALLED", 0);
    nested.add("counts", counts);
    nested.add("trust", back);
    String laidOut = JsonText.write(nested);
    assertTrue(laidOut, laidOut.startsWith("{\n  \"counts\": {\"HEALTHY\": 3, \"STALLED\": 0},\n"
        + "  \"trust\": {\n    \"s\": "));
    assertTrue(laidOut, laidOut.endsWith("\n    \"o\": {}\n  }\n}\n"));
    assertEquals(nested, JsonText.parse(laidOut, DEPTH));
  }

  @Test
  public void floatsSurviveExactly() {
    float[] values = {0.1f, 1f / 3, 1e-7f, 12345.678f, 0.023529412f};
    for (float v : values) {
      JsonArray a = new JsonArray();
      a.add(v);
      JsonElement back = JsonText.parse(JsonText.write(a), DEPTH);
      assertEquals(v, back.getAsJsonArray().get(0).getAsFloat(), 0f);
    }
  }

  @Test
  public void malformedInputIsRejectedWithItsPosition() {
    String[] bad = {"", "{", "{\"a\":1,}", "{\"a\" 1}", "[1 2]", "\"open", "{\"a\":1}x", "tru",
        "{\"a\":1,\"a\":2}", "\"\\q\"", "01x", "[\"\\u12\"]", "{1:2}",
        // What Gson accepts by default and a strict reader must not.
        "{'a':1}", "{a:1}", "[1,]", "[NaN]", "[Infinity]", "[-Infinity]", "[1e999]",
        "{\"a\":1}/*c*/", "[1];[2]", "\"tab\there\"", "{\"a\":1}{\"b\":2}", "[1] x"};
    for (String s : bad) {
      try {
        JsonText.parse(s, DEPTH);
        fail("accepted: " + s);
      } catch (IllegalArgumentException e) {
        String m = e.getMessage();
        assertTrue(s + " → " + m, m.startsWith("malformed JSON: "));
        assertTrue(s + " → " + m, m.contains("$") || m.contains("line"));
        assertTrue(s + " → " + m, !m.contains("\n") && !m.contains("Strictness"));
      }
    }
  }

  @Test
  public void duplicateNamesAreNamed() {
    try {
      JsonText.parse("{\"outer\": {\"bytes\": 1, \"bytes\": 2}}", DEPTH);
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("duplicate name \"bytes\""));
    }
  }

  @Test
  public void deepNestingIsRefusedWithoutStackOverflow() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      sb.append(i % 2 == 0 ? "[" : "{\"k\":");
    }
    try {
      JsonText.parse(sb.toString(), DEPTH);
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("nesting deeper than 16 levels"));
    }
    // The limit itself is allowed: 16 arrays deep.
    String sixteen = new String(new char[16]).replace('\0', '[')
        + new String(new char[16]).replace('\0', ']');
    assertTrue(JsonText.parse(sixteen, DEPTH).isJsonArray());
    try {
      JsonText.parse("[" + sixteen + "]", DEPTH);
      fail("17 levels accepted");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("nesting deeper than 16 levels"));
    }
  }

  @Test
  public void nonFiniteNumbersCannotBeWritten() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
      JsonObject o = new JsonObject();
      JsonArray a = new JsonArray();
      a.add(bad);
      o.add("x", a);
      try {
        JsonText.write(o);
        fail("wrote " + bad);
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage().contains("non-finite"));
      }
    }
  }
}
