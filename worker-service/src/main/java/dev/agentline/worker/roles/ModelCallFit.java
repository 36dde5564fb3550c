package dev.agentline.worker.roles;

import dev.agentline.platform.AvroCodec;
import dev.agentline.schemas.ChatMessage;
import dev.agentline.schemas.ModelCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a {@link ModelCall} record small enough to publish: Kafka refuses a record over the producer's
 * {@code max.request.size} / the topic's {@code max.message.bytes} (1 MiB by default), and a refused record would
 * leave the step unacknowledged, so the model would be called again on every redelivery. Over the limit, the longest
 * text (a prompt message or the response) is cut, with a marker saying how much was left out, until it fits.
 */
final class ModelCallFit {
  /** Under Kafka's default 1 MiB record limit, with room for headers and the batch. */
  static final int MAX_BYTES = 900_000;

  private ModelCallFit() {}

  static ModelCall fit(ModelCall call, int maxBytes) {
    int size = AvroCodec.get().encode(call).length;
    if (size <= maxBytes) return call;
    ModelCall fitted = ModelCall.newBuilder(call).build();
    for (int round = 0; round < 20 && size > maxBytes; round++) {
      int excess = size - maxBytes;
      List<ChatMessage> prompt = new ArrayList<>();
      for (ChatMessage message : fitted.getPrompt()) prompt.add(ChatMessage.newBuilder(message).build());
      int longest = -1;
      int longestChars = fitted.getResponse().length();
      for (int i = 0; i < prompt.size(); i++) {
        if (prompt.get(i).getContent().length() > longestChars) {
          longest = i;
          longestChars = prompt.get(i).getContent().length();
        }
      }
      if (longest < 0) {
        fitted.setResponse(cut(fitted.getResponse(), excess));
      } else {
        prompt.get(longest).setContent(cut(prompt.get(longest).getContent(), excess));
      }
      fitted.setPrompt(prompt);
      size = AvroCodec.get().encode(fitted).length;
    }
    return fitted;
  }

  /** {@code text} without at least {@code excess} + marker characters from its end, marked. */
  private static String cut(String text, int excess) {
    int keep = Math.max(0, text.length() - excess - 200);
    if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) keep--;
    return text.substring(0, keep) + "\n[... agentline: " + (text.length() - keep) + " of " + text.length()
        + " characters cut so the ModelCall record fits in one Kafka record ...]";
  }
}
