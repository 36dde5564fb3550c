package dev.agentline.toolrunner.pr;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.schemas.PullRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitHubCodeHostTest extends WireMockSupport {
  static final String TOKEN = "ghp_secretTokenValue123";
  static final String ORIGIN = "https://github.com/acme/shop.git";
  static final String BRANCH = "agentline/t1";

  static final String PR_JSON = """
      {"id": 1, "number": 42, "state": "open", "title": "Greet better", "draft": false,
       "html_url": "https://github.com/acme/shop/pull/42",
       "head": {"ref": "agentline/t1", "sha": "abc123", "label": "acme:agentline/t1"},
       "base": {"ref": "main", "sha": "def456", "label": "acme:main"}}""";

  @BeforeEach
  void reset() {
    wm.stubFor(post(urlPathEqualTo("/repos/acme/shop/issues/42/labels")).willReturn(okJson("[{\"name\":\"agentline\"}]")));
  }

  GitHubCodeHost host(boolean draft, List<String> labels) {
    return new GitHubCodeHost(new CodeHostSettings(URI.create(wm.baseUrl()), "github.com", "GH_TOKEN", labels, draft),
        Map.of("GH_TOKEN", TOKEN)::get);
  }

  static PullRequestDraft draft() {
    return new PullRequestDraft(ORIGIN, "main", BRANCH, "abc123", "Greet better", "Changes the greeting.");
  }

  @Test
  void servesGitHubUrlsOnly() {
    GitHubCodeHost host = host(false, List.of());
    assertThat(host.serves(ORIGIN)).isTrue();
    assertThat(host.serves("git@github.com:acme/shop.git")).isTrue();
    assertThat(host.serves("https://gitlab.com/acme/shop.git")).isFalse();
    assertThat(host.serves("/tmp/repo")).isFalse();
  }

  @Test
  void createsAPullRequestWithHeadersAndLabels() {
    wm.stubFor(post(urlPathEqualTo("/repos/acme/shop/pulls")).willReturn(jsonResponse(PR_JSON, 201)));

    PullRequest pr = host(true, List.of("bot", "agentline")).open(draft());

    assertThat(pr.getUrl()).isEqualTo("https://github.com/acme/shop/pull/42");
    assertThat(pr.getBranch()).isEqualTo(BRANCH);
    assertThat(pr.getHeadCommit()).isEqualTo("abc123");
    wm.verify(postRequestedFor(urlPathEqualTo("/repos/acme/shop/pulls"))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withHeader("Accept", equalTo("application/vnd.github+json"))
        .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
        .withRequestBody(equalToJson("""
            {"title": "Greet better", "head": "agentline/t1", "base": "main", "body": "Changes the greeting.", "draft": true}""")));
    wm.verify(postRequestedFor(urlPathEqualTo("/repos/acme/shop/issues/42/labels"))
        .withRequestBody(equalToJson("{\"labels\": [\"agentline\", \"bot\"]}")));
  }

  @Test
  void reusesTheOpenPullRequestWhenOneExistsForTheBranch() {
    wm.stubFor(post(urlPathEqualTo("/repos/acme/shop/pulls")).willReturn(jsonResponse("""
        {"message": "Validation Failed", "errors": [{"resource": "PullRequest", "code": "custom",
         "message": "A pull request already exists for acme:agentline/t1."}],
         "documentation_url": "https://docs.github.com/rest/pulls/pulls#create-a-pull-request"}""", 422)));
    wm.stubFor(get(urlPathEqualTo("/repos/acme/shop/pulls")).withQueryParam("head", equalTo("acme:agentline/t1"))
        .withQueryParam("state", equalTo("open")).willReturn(okJson("[" + PR_JSON + "]")));
    wm.stubFor(patch(urlPathEqualTo("/repos/acme/shop/pulls/42")).willReturn(okJson(PR_JSON)));

    PullRequest pr = host(false, List.of()).open(draft());

    assertThat(pr.getUrl()).isEqualTo("https://github.com/acme/shop/pull/42");
    wm.verify(patchRequestedFor(urlPathEqualTo("/repos/acme/shop/pulls/42"))
        .withRequestBody(equalToJson("{\"title\": \"Greet better\", \"body\": \"Changes the greeting.\"}")));
    wm.verify(postRequestedFor(urlPathEqualTo("/repos/acme/shop/issues/42/labels"))
        .withRequestBody(equalToJson("{\"labels\": [\"agentline\"]}")));
  }

  @Test
  void rateLimitIsAClearErrorNamingTheResetTime() {
    wm.stubFor(post(urlPathEqualTo("/repos/acme/shop/pulls")).willReturn(jsonResponse(
        "{\"message\": \"API rate limit exceeded for user ID 1.\"}", 403)
        .withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", "1893456000")));

    assertThatThrownBy(() -> host(false, List.of()).open(draft()))
        .isInstanceOf(CodeHostException.class)
        .hasMessageContaining("rate limit exceeded (403)")
        .hasMessageContaining("retry after 2030-01-01T00:00:00Z");
    wm.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/shop/pulls")));
  }

  @Test
  void rejectedTokenIsAClearErrorWithoutTheToken() {
    wm.stubFor(post(urlPathEqualTo("/repos/acme/shop/pulls")).willReturn(jsonResponse(
        "{\"message\": \"Bad credentials\", \"documentation_url\": \"https://docs.github.com/rest\"}", 401)));

    assertThatThrownBy(() -> host(false, List.of()).open(draft()))
        .isInstanceOf(CodeHostException.class)
        .hasMessageContaining("GitHub rejected the token from GH_TOKEN (401 Bad credentials)")
        .message().doesNotContain(TOKEN);
  }

  @Test
  void missingTokenFailsBeforeAnyCall() {
    GitHubCodeHost host = new GitHubCodeHost(new CodeHostSettings(URI.create(wm.baseUrl()), "github.com", "GH_TOKEN", List.of(), false),
        name -> null);

    assertThatThrownBy(() -> host.open(draft())).hasMessage("no GitHub token: environment variable GH_TOKEN is not set");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }
}
