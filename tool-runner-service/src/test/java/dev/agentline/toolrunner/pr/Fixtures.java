package dev.agentline.toolrunner.pr;

import dev.agentline.schemas.CommentReply;
import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.schemas.PullRequestFeedback;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Code host payloads kept under src/test/resources/code-hosts, and replies to post. */
final class Fixtures {
  private Fixtures() {}

  static String json(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/code-hosts/" + path)) {
      if (in == null) throw new IllegalArgumentException("no fixture code-hosts/" + path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PullRequestFeedback.Builder feedback(String key, PullRequestEventType type, String author, String body) {
    return PullRequestFeedback.newBuilder().setKey(key).setType(type).setAuthor(author).setBody(body);
  }

  static CommentReply reply(PullRequestFeedback.Builder to, String body, boolean resolve) {
    return CommentReply.newBuilder().setTo(to.build()).setBody(body).setResolve(resolve).build();
  }
}
