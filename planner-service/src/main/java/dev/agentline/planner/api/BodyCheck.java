package dev.agentline.planner.api;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What every JSON body the planner's HTTP API takes must be before a parser sees it: at most {@code maxBytes} long,
 * valid UTF-8, and nested at most {@code maxDepth} arrays/objects deep. A refusal names the problem and where it is,
 * so the client is told more than "unreadable" and no parser recurses on hostile input.
 */
public record BodyCheck(long maxBytes, int maxDepth) {
  /** Why a body is refused: {@code tooLarge} answers 413, anything else 400. */
  public record Refusal(boolean tooLarge, String detail) {}

  public BodyCheck {
    if (maxBytes < 1) throw new IllegalArgumentException("agentline.planner.api.max-body-bytes must be >= 1, was " + maxBytes);
    if (maxDepth < 1) throw new IllegalArgumentException("agentline.planner.api.max-nesting-depth must be >= 1, was " + maxDepth);
  }

  public Refusal tooLarge(long length) {
    return new Refusal(true, "the body is " + (length < 0 ? "longer than " + maxBytes : length) + " bytes; at most " + maxBytes
        + " are accepted (agentline.planner.api.max-body-bytes)");
  }

  public Optional<Refusal> problem(byte[] body) {
    if (body.length > maxBytes) return Optional.of(tooLarge(body.length));
    Optional<Refusal> encoding = invalidUtf8(body);
    return encoding.isPresent() ? encoding : tooDeep(body);
  }

  private static Optional<Refusal> invalidUtf8(byte[] body) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(8192);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        return Optional.of(new Refusal(false, "the body is not valid UTF-8: malformed byte sequence at byte " + in.position()));
      }
      if (result.isUnderflow()) break;
      out.clear();
    }
    return Optional.empty();
  }

  /** Counts brackets outside strings; malformed JSON is left to the parser, which reports it with a position. */
  private Optional<Refusal> tooDeep(byte[] body) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      if (inString) {
        if (b == '\\') i++;
        else if (b == '"') inString = false;
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        if (++depth > maxDepth) {
          return Optional.of(new Refusal(false, "the body nests arrays/objects more than " + maxDepth
              + " deep (at byte " + i + "; agentline.planner.api.max-nesting-depth)"));
        }
      } else if (b == '}' || b == ']') {
        depth = Math.max(0, depth - 1);
      }
    }
    return Optional.empty();
  }
}
