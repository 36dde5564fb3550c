package dev.agentline.audit.chain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A canonical JSON text of a plain value tree (maps, lists, strings, numbers, booleans, null), so
 * a row hashes the same whether its body comes from the ingest side (the tree written as JSON) or
 * back from PostgreSQL ({@code jsonb::text}, which reorders keys and rewrites numbers): keys sorted,
 * no spaces, numbers in plain decimal without trailing zeros ({@code 0.0} and {@code 0} are both
 * {@code 0}, {@code 1.0E-5} is {@code 0.00001}), strings escaped minimally.
 */
public final class Canonical {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final HexFormat HEX = HexFormat.of();

  private Canonical() {}

  /** The plain tree of a JSON text (as read back from the store). */
  public static Object parse(String json) {
    return json == null ? null : MAPPER.readValue(json, Object.class);
  }

  public static String text(Object plain) {
    StringBuilder out = new StringBuilder(256);
    write(plain, out);
    return out.toString();
  }

  /**
   * {@link #sha256} of {@link #text}, written into a buffer the thread keeps (a record's text is a few KB: growing a
   * new buffer to that size for every record cost more than writing it).
   */
  public static String hash(Object plain) {
    StringBuilder out = BUFFER.get();
    out.setLength(0);
    write(plain, out);
    String hash = sha256(out.toString());
    if (out.capacity() > KEPT_CAPACITY) BUFFER.remove();
    return hash;
  }

  /** A buffer grown past this (a record near Kafka's 1 MiB limit) is not kept. */
  private static final int KEPT_CAPACITY = 64 * 1024;
  private static final ThreadLocal<StringBuilder> BUFFER = ThreadLocal.withInitial(() -> new StringBuilder(8 * 1024));

  /** Lower-case hex SHA-256 of the UTF-8 text. */
  public static String sha256(String text) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof CharSequence text) {
      string(text.toString(), out);
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger) {
      out.append(value);
    } else if (value instanceof Number n) {
      out.append(new BigDecimal(n.toString()).stripTrailingZeros().toPlainString());
    } else if (value instanceof Map<?, ?> map) {
      List<Map.Entry<String, Object>> entries = new ArrayList<>(map.size());
      map.forEach((k, v) -> entries.add(Map.entry(String.valueOf(k), v == null ? NULL : v)));
      entries.sort(Map.Entry.comparingByKey());
      out.append('{');
      for (int i = 0; i < entries.size(); i++) {
        if (i > 0) out.append(',');
        string(entries.get(i).getKey(), out);
        out.append(':');
        write(entries.get(i).getValue() == NULL ? null : entries.get(i).getValue(), out);
      }
      out.append('}');
    } else if (value instanceof Collection<?> items) {
      out.append('[');
      boolean first = true;
      for (Object item : items) {
        if (!first) out.append(',');
        first = false;
        write(item, out);
      }
      out.append(']');
    } else {
      string(value.toString(), out);
    }
  }

  private static final Object NULL = new Object();

  private static void string(String text, StringBuilder out) {
    out.append('"');
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20) {
        out.append(text, run, i);
        if (c < 0x20) {
          out.append("\\u00").append(HEX.toHexDigits((byte) c));
        } else {
          out.append('\\').append(c);
        }
        run = i + 1;
      }
    }
    out.append(text, run, text.length()).append('"');
  }
}
