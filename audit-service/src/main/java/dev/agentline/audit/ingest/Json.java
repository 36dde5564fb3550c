package dev.agentline.audit.ingest;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON text for the audit store. Avro records become plain JSON objects (unions untagged,
 * timestamps as ISO-8601, enums as names, bytes as base64). Every string is made storable in
 * PostgreSQL: NUL characters, which neither TEXT nor JSONB accept, become U+FFFD, so no record can
 * make the store refuse it forever. Non-finite numbers, which JSON cannot express, become strings.
 */
final class Json {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  static String write(Object plain) {
    return MAPPER.writeValueAsString(plain(plain));
  }

  /** A tree made by {@link #plain} as JSON text. */
  static String writeTree(Object tree) {
    return MAPPER.writeValueAsString(tree);
  }

  /** The value as plain Java (maps, lists, strings, numbers, booleans, null) ready for JSON. */
  static Object plain(Object value) {
    if (value == null || value instanceof Boolean || value instanceof Integer || value instanceof Long) return value;
    if (value instanceof Double d) return Double.isFinite(d) ? d : d.toString();
    if (value instanceof Float f) return Float.isFinite(f) ? f : f.toString();
    if (value instanceof Number n) return n;
    if (value instanceof CharSequence text) return storable(text.toString());
    if (value instanceof Instant instant) return instant.toString();
    if (value instanceof Enum<?> e) return e.name();
    if (value instanceof GenericEnumSymbol<?> symbol) return symbol.toString();
    if (value instanceof IndexedRecord record) return record(record);
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(storable(String.valueOf(k)), plain(v)));
      return out;
    }
    if (value instanceof Collection<?> items) {
      List<Object> out = new ArrayList<>(items.size());
      for (Object item : items) out.add(plain(item));
      return out;
    }
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof GenericFixed fixed) return Base64.getEncoder().encodeToString(fixed.bytes());
    if (value instanceof byte[] bytes) return Base64.getEncoder().encodeToString(bytes);
    return storable(value.toString());
  }

  private static Map<String, Object> record(IndexedRecord record) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Schema.Field field : record.getSchema().getFields()) {
      out.put(field.name(), plain(record.get(field.pos())));
    }
    return out;
  }

  /**
   * PostgreSQL text cannot hold NUL, and a lone UTF-16 surrogate would reach it as '?': both become
   * U+FFFD, so what is stored is what was hashed.
   */
  static String storable(String text) {
    if (text == null) return null;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\0' || Character.isSurrogate(c)) break;
      i++;
    }
    if (i == n) return text;
    StringBuilder out = new StringBuilder(n).append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        out.append('\uFFFD');
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }
}
