package dev.agentline.toolrunner.pr;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.schemas.PullRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitLabCodeHostTest extends WireMockSupport {
  static final String TOKEN = "glpat-secretTokenValue";
  static final String MRS = "/api/v4/projects/group%2Fsub%2Fshop/merge_requests";

  static final String MR_JSON = """
      {"id": 101, "iid": 7, "project_id": 3, "state": "opened", "title": "Draft: Greet better",
       "source_branch": "agentline/t1", "target_branch": "main", "draft": true,
       "web_url": "https://gitlab.example.com/group/sub/shop/-/merge_requests/7"}""";

  GitLabCodeHost host(boolean draft) {
    return new GitLabCodeHost(new CodeHostSettings(URI.create(wm.baseUrl() + "/"), "gitlab.example.com", "GL_TOKEN", List.of("bot"), draft),
        Map.of("GL_TOKEN", TOKEN)::get);
  }

  static PullRequestDraft draft() {
    return new PullRequestDraft("git@gitlab.example.com:group/sub/shop.git", "main", "agentline/t1", "abc123", "Greet better", "Why.");
  }

  @Test
  void createsADraftMergeRequestWithLabels() {
    wm.stubFor(post(urlEqualTo(MRS)).willReturn(jsonResponse(MR_JSON, 201)));

    PullRequest pr = host(true).open(draft());

    assertThat(pr.getUrl()).isEqualTo("https://gitlab.example.com/group/sub/shop/-/merge_requests/7");
    assertThat(pr.getTitle()).isEqualTo("Draft: Greet better");
    wm.verify(postRequestedFor(urlEqualTo(MRS))
        .withHeader("PRIVATE-TOKEN", equalTo(TOKEN))
        .withRequestBody(equalToJson("""
            {"source_branch": "agentline/t1", "target_branch": "main", "title": "Draft: Greet better",
             "description": "Why.", "labels": "agentline,bot"}""")));
  }

  @Test
  void updatesTheOpenMergeRequestWhenOneExists() {
    wm.stubFor(post(urlEqualTo(MRS)).willReturn(jsonResponse(
        "{\"message\": [\"Another open merge request already exists for this source branch: !7\"]}", 409)));
    wm.stubFor(get(urlPathEqualTo(MRS)).withQueryParam("source_branch", equalTo("agentline/t1"))
        .withQueryParam("state", equalTo("opened")).willReturn(okJson("[" + MR_JSON + "]")));
    wm.stubFor(put(urlEqualTo(MRS + "/7")).willReturn(okJson(MR_JSON)));

    PullRequest pr = host(false).open(draft());

    assertThat(pr.getUrl()).endsWith("/merge_requests/7");
    assertThat(pr.getTitle()).isEqualTo("Greet better");
    wm.verify(putRequestedFor(urlEqualTo(MRS + "/7")).withRequestBody(equalToJson("""
        {"title": "Greet better", "description": "Why.", "labels": "agentline,bot"}""")));
  }

  @Test
  void rejectedTokenIsAClearErrorWithoutTheToken() {
    wm.stubFor(post(urlEqualTo(MRS)).willReturn(jsonResponse("{\"message\": \"401 Unauthorized\"}", 401)));

    assertThatThrownBy(() -> host(false).open(draft()))
        .hasMessageContaining("GitLab rejected the token from GL_TOKEN")
        .message().doesNotContain(TOKEN);
  }

  @Test
  void tooManyRequestsNamesWhenToRetry() {
    wm.stubFor(post(urlEqualTo(MRS)).willReturn(jsonResponse("{\"message\": \"Retry later\"}", 429).withHeader("Retry-After", "60")));

    assertThatThrownBy(() -> host(false).open(draft())).hasMessageContaining("GitLab rate limit exceeded (429)").hasMessageContaining("retry after");
  }
}
