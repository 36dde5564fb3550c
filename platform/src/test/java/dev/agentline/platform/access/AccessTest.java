package dev.agentline.platform.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTest {
  private static final String TOKEN = "s3cret-token-of-ci";
  private final Caller alice = new Caller("alice", Set.of(Role.SUBMITTER, Role.APPROVER), Set.of("payments"));
  private final Caller bob = new Caller("bob", Set.of(Role.APPROVER), Set.of());
  private final Caller root = new Caller("root", Set.of(Role.ADMIN), Set.of());
  private final TeamRepositories teams = new TeamRepositories(Map.of(
      "payments", List.of("https://git.example.com/payments/*", "/srv/git/payments/**"),
      "web", List.of("https://git.example.com/web/*")));

  @Test
  void aTokenIsKnownByItsDigestAndAnyOtherTokenIsNot() {
    ApiTokens tokens = new ApiTokens(List.of(new ApiTokens.Entry("ci", ApiTokens.digest(TOKEN).toUpperCase(), Set.of(Role.SUBMITTER), Set.of("web"))));
    assertThat(tokens.authenticate(TOKEN)).contains(new Caller("ci", Set.of(Role.SUBMITTER), Set.of("web")));
    assertThat(tokens.authenticate(TOKEN + "x")).isEmpty();
    assertThat(tokens.authenticate("")).isEmpty();
    assertThat(tokens.authenticate(ApiTokens.digest(TOKEN))).as("the digest itself is not a token").isEmpty();
  }

  @Test
  void aConfiguredDigestMustBeSixtyFourHexDigits() {
    assertThatThrownBy(() -> new ApiTokens.Entry("ci", TOKEN, Set.of(), Set.of()))
        .hasMessageContaining("agentline.security.tokens[ci].sha256 must be the token's SHA-256");
  }

  @Test
  void submittingNeedsTheSubmitterRoleAndARepositoryOfOneOfTheCallersTeams() {
    assertThat(TaskAccess.submit(alice, "https://git.example.com/payments/api", teams)).isEmpty();
    assertThat(TaskAccess.submit(alice, "/srv/git/payments/deep/repo", teams)).isEmpty();
    assertThat(TaskAccess.submit(alice, "https://git.example.com/web/site", teams)).get()
        .satisfies(d -> assertThat(d.detail()).contains("https://git.example.com/web/site", "payments"));
    assertThat(TaskAccess.submit(alice, "https://git.example.com/payments/api/../../web/site", teams))
        .as("* does not cross /").isPresent();
    assertThat(TaskAccess.submit(bob, "https://git.example.com/payments/api", teams)).get()
        .satisfies(d -> assertThat(d.missing()).isEqualTo("submitter"));
    assertThat(TaskAccess.submit(root, "https://anywhere.example.com/x", teams)).isEmpty();
  }

  @Test
  void aCallerWithoutTeamsMayTargetNoRepository() {
    Caller loner = new Caller("loner", Set.of(Role.SUBMITTER), Set.of());
    assertThat(TaskAccess.submit(loner, "https://git.example.com/payments/api", teams)).get()
        .satisfies(d -> assertThat(d.detail()).contains("no team"));
  }

  @Test
  void theRequesterMayNotDecideItsOwnGatesEvenAsApproverOrAdmin() {
    assertThat(TaskAccess.decideGate(bob, "t-1", "alice")).isEmpty();
    assertThat(TaskAccess.decideGate(alice, "t-1", "alice")).get().satisfies(d -> assertThat(d.missing()).isEqualTo("requester"));
    assertThat(TaskAccess.decideGate(new Caller("alice", Set.of(Role.ADMIN), Set.of()), "t-1", "alice")).isPresent();
    assertThat(TaskAccess.decideGate(new Caller("carol", Set.of(Role.SUBMITTER), Set.of()), "t-1", "alice")).get()
        .satisfies(d -> assertThat(d.missing()).isEqualTo("approver"));
  }

  @Test
  void aRequesterNamedInAnotherCaseOrWithSpacesIsStillTheCaller() {
    Caller jane = new Caller("jane.doe@acme.com", Set.of(Role.APPROVER), Set.of());

    assertThat(TaskAccess.decideGate(jane, "jira-PAY-7", " Jane.Doe@Acme.com ")).get()
        .satisfies(d -> assertThat(d.missing()).isEqualTo("requester"));
    assertThat(TaskAccess.cancelOrRetry(jane, "jira-PAY-7", "JANE.DOE@ACME.COM")).isEmpty();
    assertThat(TaskAccess.decideGate(jane, "jira-PAY-7", "john.doe@acme.com")).isEmpty();
    assertThat(TaskAccess.decideGate(jane, "t-1", "")).as("a task without a requester").isEmpty();
    assertThat(Caller.sameName("", "")).isFalse();
  }

  @Test
  void onlyTheRequesterOrAnAdminMayCancelOrRetry() {
    assertThat(TaskAccess.cancelOrRetry(alice, "t-1", "alice")).isEmpty();
    assertThat(TaskAccess.cancelOrRetry(root, "t-1", "alice")).isEmpty();
    assertThat(TaskAccess.cancelOrRetry(bob, "t-1", "alice")).get().satisfies(d -> assertThat(d.detail()).contains("alice"));
  }

  @Test
  void rolesParseFromConfigurationAndClaimNames() {
    assertThat(Role.parse("ROLE_APPROVER")).contains(Role.APPROVER);
    assertThat(Role.parse("agentline-analyst")).contains(Role.ANALYST);
    assertThat(Role.parse("viewer")).isEmpty();
    assertThatThrownBy(() -> SecuritySettings.roles(List.of("viewer"), "agentline.security.tokens[x].roles"))
        .hasMessageContaining("agentline.security.tokens[x].roles");
  }

  @Test
  void settingsDefaultToTokensAndNameTheWrongKey() {
    SecuritySettings defaults = new SecuritySettings(null, null, null, null);
    assertThat(defaults.parsedMode()).isEqualTo(SecuritySettings.Mode.TOKENS);
    assertThat(defaults.apiTokens().isEmpty()).isTrue();
    assertThatThrownBy(() -> new SecuritySettings("ldap", null, null, null)).hasMessageContaining("agentline.security.mode");
    assertThatThrownBy(() -> new SecuritySettings("oidc", null, null, null)).hasMessageContaining("agentline.security.oidc.issuer-uri");
  }

  @Test
  void aJwtsClaimsNameTheCallerItsAgentlineRolesAndItsTeams() {
    SecuritySettings.OidcSettings oidc = new SecuritySettings.OidcSettings("https://id.example.com", null, null, "realm_access.roles", null);
    Map<String, Object> claims = Map.of("sub", "0f3c", "preferred_username", "dana",
        "realm_access", Map.of("roles", List.of("approver", "offline_access")), "groups", List.of("/payments", "web"));
    assertThat(ClaimsCaller.of(claims, oidc)).contains(new Caller("dana", Set.of(Role.APPROVER), Set.of("payments", "web")));
    assertThat(ClaimsCaller.of(Map.of("sub", "0f3c", "roles", "analyst submitter"), new SecuritySettings.OidcSettings("x", null, null, null, null)))
        .contains(new Caller("0f3c", Set.of(Role.ANALYST, Role.SUBMITTER), Set.of()));
    assertThat(ClaimsCaller.of(Map.of("roles", "admin"), oidc)).as("no name, no caller").isEmpty();
  }
}
