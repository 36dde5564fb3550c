package dev.agentline.toolrunner.pr;

import static dev.agentline.toolrunner.pr.Fixtures.feedback;
import static dev.agentline.toolrunner.pr.Fixtures.reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentline.schemas.CommentReply;
import dev.agentline.schemas.PullRequestEventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCodeHostTest {
  @TempDir Path temp;

  final LocalCodeHost host = new LocalCodeHost(Clock.fixed(Instant.parse("2026-11-20T11:00:00Z"), ZoneOffset.UTC));

  CommentReply reply(String key) {
    return Fixtures.reply(feedback(key, PullRequestEventType.COMMENT, "ada", "@agentline please also handle null input"), "Handled in abc123.", true);
  }

  @Test
  void appendsTheRepliesAsJsonLinesBesideTheRepository() throws Exception {
    Path origin = temp.resolve("origin.git");
    String url = origin + "#agentline/t1";

    List<ReplyOutcome> outcomes = host.reply(origin.toUri().toString(), url, List.of(reply("local:comment:1")));

    Path file = temp.resolve("origin.git.agentline-replies.jsonl");
    assertThat(LocalCodeHost.repliesFile(origin.toString())).isEqualTo(file);
    assertThat(outcomes.get(0).status()).isEqualTo(ReplyOutcome.Status.POSTED);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(1);
    JsonNode line = HttpJson.JSON.readTree(lines.get(0));
    assertThat(line.path("at").asText()).isEqualTo("2026-11-20T11:00:00Z");
    assertThat(line.path("pullRequestUrl").asText()).isEqualTo(url);
    assertThat(line.path("key").asText()).isEqualTo("local:comment:1");
    assertThat(line.path("type").asText()).isEqualTo("COMMENT");
    assertThat(line.path("resolve").asBoolean()).isTrue();
    assertThat(line.path("body").asText()).isEqualTo(
        "> @agentline please also handle null input\n\n@ada Handled in abc123.\n\n<!-- agentline-reply: local:comment:1 -->");
  }

  @Test
  void aRetriedRequestWritesNothingTwiceAndANewReplyIsAdded() throws Exception {
    Path origin = temp.resolve("origin.git");
    host.reply(origin.toString(), "pr", List.of(reply("k1")));

    List<ReplyOutcome> again = host.reply(origin.toString(), "pr", List.of(reply("k1"), reply("k2")));
    List<ReplyOutcome> otherPr = host.reply(origin.toString(), "another pr", List.of(reply("k1")));

    assertThat(again).extracting(ReplyOutcome::status).containsExactly(ReplyOutcome.Status.ALREADY_POSTED, ReplyOutcome.Status.POSTED);
    assertThat(otherPr.get(0).status()).isEqualTo(ReplyOutcome.Status.POSTED);
    assertThat(Files.readAllLines(LocalCodeHost.repliesFile(origin.toString()))).hasSize(3);
  }
}
