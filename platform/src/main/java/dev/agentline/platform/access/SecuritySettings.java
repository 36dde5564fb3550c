package dev.agentline.platform.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code agentline.security.*}, the same keys in the planner and the audit service (bound by each service's adapter).
 *
 * @param mode {@code tokens} (the default: API tokens only), {@code oidc} (JWTs from an OpenID provider, and API tokens
 *     for machines) or {@code off} (no authentication: local development on 127.0.0.1 only)
 * @param tokens the API tokens: each {@code name}, {@code sha256} (of the token; never the token), {@code roles}, {@code teams}
 * @param oidc where the JWT signing keys come from and which claims carry name, roles and teams
 * @param teams {@code <team>.repositories}: the globs on repository URLs each team may target
 */
public record SecuritySettings(String mode, List<TokenSettings> tokens, OidcSettings oidc, Map<String, TeamSettings> teams) {

  /** How callers authenticate. */
  public enum Mode { TOKENS, OIDC, OFF }

  public SecuritySettings {
    if (mode == null || mode.isBlank()) mode = "tokens";
    parseMode(mode);
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
    oidc = oidc == null ? new OidcSettings(null, null, null, null, null) : oidc;
    teams = teams == null ? Map.of() : Map.copyOf(teams);
    if (parseMode(mode) == Mode.OIDC && oidc.issuerUri() == null && oidc.jwkSetUri() == null) {
      throw new IllegalArgumentException("agentline.security.mode=oidc needs agentline.security.oidc.issuer-uri or agentline.security.oidc.jwk-set-uri");
    }
  }

  public Mode parsedMode() {
    return parseMode(mode);
  }

  private static Mode parseMode(String mode) {
    try {
      return Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("agentline.security.mode must be tokens, oidc or off, was " + mode);
    }
  }

  public ApiTokens apiTokens() {
    List<ApiTokens.Entry> entries = new ArrayList<>();
    for (TokenSettings token : tokens) entries.add(token.toEntry());
    return new ApiTokens(entries);
  }

  public TeamRepositories teamRepositories() {
    Map<String, List<String>> globs = new LinkedHashMap<>();
    teams.forEach((team, settings) -> globs.put(team, settings == null || settings.repositories() == null ? List.of() : settings.repositories()));
    return new TeamRepositories(globs);
  }

  /** Roles named in configuration or a claim; an unknown name is an error naming {@code key}. */
  public static Set<Role> roles(List<String> names, String key) {
    Set<Role> roles = new LinkedHashSet<>();
    for (String name : names == null ? List.<String>of() : names) {
      roles.add(Role.parse(name).orElseThrow(() -> new IllegalArgumentException(
          key + " must name roles among submitter, approver, analyst, admin, was " + name)));
    }
    return roles;
  }

  /** {@code agentline.security.tokens[n]}. */
  public record TokenSettings(String name, String sha256, List<String> roles, List<String> teams) {
    ApiTokens.Entry toEntry() {
      return new ApiTokens.Entry(name, sha256, SecuritySettings.roles(roles, "agentline.security.tokens[" + name + "].roles"),
          Set.copyOf(teams == null ? List.of() : teams));
    }
  }

  /**
   * {@code agentline.security.oidc}: {@code issuer-uri} (its discovery document names the keys; the {@code iss} claim must
   * equal it) and/or {@code jwk-set-uri}; {@code name-claim} (default {@code preferred_username}, falling back to
   * {@code sub}), {@code roles-claim} (default {@code roles}) and {@code teams-claim} (default {@code groups}).
   */
  public record OidcSettings(String issuerUri, String jwkSetUri, String nameClaim, String rolesClaim, String teamsClaim) {
    public OidcSettings {
      if (nameClaim == null || nameClaim.isBlank()) nameClaim = "preferred_username";
      if (rolesClaim == null || rolesClaim.isBlank()) rolesClaim = "roles";
      if (teamsClaim == null || teamsClaim.isBlank()) teamsClaim = "groups";
      if (issuerUri != null && issuerUri.isBlank()) issuerUri = null;
      if (jwkSetUri != null && jwkSetUri.isBlank()) jwkSetUri = null;
    }
  }

  /** {@code agentline.security.teams.<team>}. */
  public record TeamSettings(List<String> repositories) {}
}
