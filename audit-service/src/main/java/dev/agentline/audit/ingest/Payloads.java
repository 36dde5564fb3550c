package dev.agentline.audit.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Raw bytes as an analyst can read them: UTF-8 text when printable, base64 otherwise. */
final class Payloads {
  private Payloads() {}

  /** The bytes as printable UTF-8 text, or null when they are not. */
  static String printableText(byte[] bytes) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') return null;
    }
    return text;
  }

  /**
   * Adds {@code value} (text or base64, null for a null value) and {@code valueEncoding}
   * ({@code utf8}, {@code base64} or {@code null}) to a JSON body under construction.
   */
  static void putValue(Map<String, Object> body, byte[] value) {
    if (value == null) {
      body.put("value", null);
      body.put("valueEncoding", "null");
      return;
    }
    String text = printableText(value);
    body.put("value", text != null ? text : Base64.getEncoder().encodeToString(value));
    body.put("valueEncoding", text != null ? "utf8" : "base64");
  }

  /** Header name → value text (base64 when not printable); the last header of a name wins. */
  static Map<String, Object> headers(Iterable<Map.Entry<String, byte[]>> headers) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> header : headers) {
      byte[] value = header.getValue();
      String text = value == null ? null : printableText(value);
      out.put(header.getKey(), value == null ? null : text != null ? text : Base64.getEncoder().encodeToString(value));
    }
    return out;
  }
}
