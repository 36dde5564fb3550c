package dev.agentline.toolrunner.pr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentline.schemas.CommentReply;
import dev.agentline.schemas.PullRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A repository on this machine (a path or a file:// URL) has no pull requests: the pushed task
 * branch is the pull request, addressed as {@code <origin URI>#<branch>}. Nobody can read a reply
 * there either, so replies are appended as JSON lines to {@code <repository>.agentline-replies.jsonl}
 * beside the repository (see {@link #repliesFile}), where a demo or a test can show them.
 */
public final class LocalCodeHost implements CodeHost {
  static final String REPLIES_SUFFIX = ".agentline-replies.jsonl";
  private final Clock clock;

  public LocalCodeHost() {
    this(Clock.systemUTC());
  }

  public LocalCodeHost(Clock clock) {
    this.clock = clock;
  }

  @Override
  public boolean serves(String originUri) {
    return originUri.startsWith("file:") || originUri.startsWith("/");
  }

  @Override
  public PullRequest open(PullRequestDraft draft) {
    return PullRequest.newBuilder()
        .setBranch(draft.branch())
        .setTitle(draft.title())
        .setBody(draft.body())
        .setUrl(draft.originUri() + "#" + draft.branch())
        .setHeadCommit(draft.headCommit())
        .build();
  }

  /**
   * Appends one line per reply not yet in the file for this pull request ({@code at}, {@code pullRequestUrl},
   * {@code key}, {@code type}, {@code author}, {@code resolve}, {@code body} as it would be posted on a
   * conversation, marker included); a reply already there for the same pull request and key is counted as
   * replied and not written again. Nothing is resolved: there are no threads.
   */
  @Override
  public List<ReplyOutcome> reply(String originUri, String pullRequestUrl, List<CommentReply> replies) {
    Path file = repliesFile(originUri);
    Set<String> done = new HashSet<>();
    try {
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.isBlank()) continue;
          JsonNode json = HttpJson.JSON.readTree(line);
          if (json.path("pullRequestUrl").asText().equals(pullRequestUrl)) done.add(json.path("key").asText());
        }
      }
      List<ReplyOutcome> outcomes = new ArrayList<>();
      StringBuilder lines = new StringBuilder();
      for (CommentReply reply : replies) {
        String key = reply.getTo().getKey();
        if (!done.add(key)) {
          outcomes.add(new ReplyOutcome(key, ReplyOutcome.Status.ALREADY_POSTED, "in " + file.getFileName(), false));
          continue;
        }
        ObjectNode json = HttpJson.JSON.createObjectNode()
            .put("at", clock.instant().toString())
            .put("pullRequestUrl", pullRequestUrl)
            .put("key", key)
            .put("type", reply.getTo().getType().name())
            .put("author", reply.getTo().getAuthor())
            .put("resolve", reply.getResolve())
            .put("body", Replies.standalone(reply));
        lines.append(HttpJson.JSON.writeValueAsString(json)).append('\n');
        outcomes.add(new ReplyOutcome(key, ReplyOutcome.Status.POSTED, "appended to " + file, false));
      }
      if (!lines.isEmpty()) {
        Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
      return outcomes;
    } catch (IOException | RuntimeException e) {
      throw new CodeHostException("cannot record the replies in " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code /x/origin.git} (or {@code file:///x/origin.git/}) → {@code /x/origin.git.agentline-replies.jsonl}. */
  public static Path repliesFile(String originUri) {
    Path repository = (originUri.startsWith("file:") ? Path.of(URI.create(originUri)) : Path.of(originUri)).toAbsolutePath().normalize();
    return repository.resolveSibling(repository.getFileName() + REPLIES_SUFFIX);
  }
}
