package org.snaptune.io;

import com.google.gson.FormattingStyle;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;

/**
 * JSON text over Gson for files other programs read and write: a strict reader for untrusted
 * input (bundle manifests) and one layout for what SnapTune writes (manifests, CLI reports).
 *
 * <p>Reading is stricter than Gson's defaults: RFC 8259 syntax only ({@link Strictness#STRICT}:
 * no comments, single quotes, unquoted names, NaN or infinities, control characters in strings),
 * duplicate names refused (Gson's tree parser silently keeps the last one), nesting capped before
 * descending, nothing after the value. Numbers are read as doubles, so an overflowing literal such
 * as {@code 1e999} is refused rather than becoming infinity. Callers cap the text's size before
 * reading. Every problem is an {@link IllegalArgumentException} starting {@code "malformed JSON"}
 * and naming the line, column and path.
 *
 * <p>Writing: an object one member per line, indented two spaces; arrays, scalars and objects
 * of scalars inline ({@code "labels": ["cat", "dog"]}, {@code "head": {"file": "head.tflite",
 * "bytes": 52344}}); an object holding arrays or objects is laid out like the outer one. Files
 * stay readable, diffs small and {@code "name": value} greppable. Stateless and thread-safe.
 */
public final class JsonText {

  private static final Gson INLINE = new GsonBuilder()
      .setFormattingStyle(FormattingStyle.COMPACT.withSpaceAfterSeparators(true))
      .disableHtmlEscaping()
      .serializeNulls()
      .create();

  /** Gson's wording when a token is not JSON; it advises programmers, not users. */
  private static final String LENIENT_ADVICE =
      "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON";

  private JsonText() {}

  /**
   * Parses one JSON value.
   *
   * @param maxDepth how many objects/arrays may nest (the outermost counts as 1)
   * @throws IllegalArgumentException naming the position and the problem
   */
  public static JsonElement parse(String text, int maxDepth) {
    JsonReader reader = new JsonReader(new StringReader(text));
    reader.setStrictness(Strictness.STRICT);
    try {
      JsonElement value = read(reader, 1, maxDepth);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw malformed("unexpected content after the JSON value" + where(reader));
      }
      return value;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw malformed(firstLine(e.getMessage()));
    }
  }

  private static JsonElement read(JsonReader in, int depth, int maxDepth) throws IOException {
    JsonToken token = in.peek();
    switch (token) {
      case BEGIN_OBJECT: {
        checkDepth(in, depth, maxDepth);
        JsonObject object = new JsonObject();
        in.beginObject();
        while (in.hasNext()) {
          String name = in.nextName();
          if (object.has(name)) {
            throw malformed("duplicate name \"" + name + "\"" + where(in));
          }
          object.add(name, read(in, depth + 1, maxDepth));
        }
        in.endObject();
        return object;
      }
      case BEGIN_ARRAY: {
        checkDepth(in, depth, maxDepth);
        JsonArray array = new JsonArray();
        in.beginArray();
        while (in.hasNext()) {
          array.add(read(in, depth + 1, maxDepth));
        }
        in.endArray();
        return array;
      }
      case STRING:
        return new JsonPrimitive(in.nextString());
      case NUMBER:
        // Strict mode refuses NaN, infinities and literals that overflow to infinity.
        return new JsonPrimitive(in.nextDouble());
      case BOOLEAN:
        return new JsonPrimitive(in.nextBoolean());
      case NULL:
        in.nextNull();
        return JsonNull.INSTANCE;
      default:
        throw malformed("unexpected " + token + where(in));
    }
  }

  private static void checkDepth(JsonReader in, int depth, int maxDepth) {
    if (depth > maxDepth) {
      throw malformed("nesting deeper than " + maxDepth + " levels" + where(in));
    }
  }

  /**
   * Writes {@code value} in SnapTune's layout, ending with a newline.
   *
   * @throws IllegalArgumentException for a non-finite number (JSON cannot hold one)
   */
  public static String write(JsonElement value) {
    checkFinite(value);
    StringBuilder out = new StringBuilder();
    if (value.isJsonObject() && value.getAsJsonObject().size() > 0) {
      members(value.getAsJsonObject(), out, 0);
    } else {
      out.append(INLINE.toJson(value));
    }
    return out.append('\n').toString();
  }

  /** One member per line; a member's value inline unless it is an object holding containers. */
  private static void members(JsonObject object, StringBuilder out, int indent) {
    out.append("{\n");
    int left = object.size();
    for (Map.Entry<String, JsonElement> e : object.entrySet()) {
      pad(out, indent + 1);
      out.append(INLINE.toJson(e.getKey())).append(": ");
      if (holdsContainers(e.getValue())) {
        members(e.getValue().getAsJsonObject(), out, indent + 1);
      } else {
        out.append(INLINE.toJson(e.getValue()));
      }
      out.append(--left > 0 ? ",\n" : "\n");
    }
    pad(out, indent);
    out.append('}');
  }

  private static boolean holdsContainers(JsonElement value) {
    if (!value.isJsonObject()) {
      return false;
    }
    for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
      if (e.getValue().isJsonObject() || e.getValue().isJsonArray()) {
        return true;
      }
    }
    return false;
  }

  private static void pad(StringBuilder out, int indent) {
    for (int i = 0; i < indent; i++) {
      out.append("  ");
    }
  }

  private static void checkFinite(JsonElement value) {
    if (value.isJsonArray()) {
      for (JsonElement e : value.getAsJsonArray()) {
        checkFinite(e);
      }
    } else if (value.isJsonObject()) {
      for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
        checkFinite(e.getValue());
      }
    } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
      double d = value.getAsDouble();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("JSON cannot hold the non-finite number " + d);
      }
    }
  }

  private static String where(JsonReader in) {
    return " at " + in.getPath();
  }

  /**
   * Gson's message without what speaks to programmers: the troubleshooting link on a second
   * line, and the advice to read leniently where a token is simply not JSON.
   */
  private static String firstLine(String message) {
    if (message == null) {
      return "unexpected end of input";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.replace(LENIENT_ADVICE, "a token that is not JSON (e.g. a quote missing,"
        + " a leading zero or content after the value)");
  }


  private static IllegalArgumentException malformed(String what) {
    return new IllegalArgumentException("malformed JSON: " + what);
  }
}
