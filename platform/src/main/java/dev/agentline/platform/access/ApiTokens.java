package dev.agentline.platform.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The API tokens machines (and people, until OIDC) present as {@code Authorization: Bearer <token>}. Configuration
 * holds only each token's SHA-256 (hex), never the token: a leaked configuration does not leak a credential.
 */
public final class ApiTokens {
  /** One configured token: its holder's name, the token's SHA-256 in hex, its roles and teams. */
  public record Entry(String name, String sha256, Set<Role> roles, Set<String> teams) {
    public Entry {
      if (name == null || name.isBlank()) throw new IllegalArgumentException("agentline.security.tokens[].name must not be blank");
      if (sha256 == null || !sha256.strip().matches("(?i)[0-9a-f]{64}")) {
        throw new IllegalArgumentException("agentline.security.tokens[" + name + "].sha256 must be the token's SHA-256 as 64 hex digits"
            + " (e.g. printf %s \"$TOKEN\" | sha256sum)");
      }
      sha256 = sha256.strip().toLowerCase(Locale.ROOT);
      roles = Set.copyOf(roles);
      teams = Set.copyOf(teams);
    }
  }

  private final List<Entry> entries;

  public ApiTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The caller whose token this is, comparing digests in constant time; empty when no entry matches. */
  public Optional<Caller> authenticate(String token) {
    if (token == null || token.isEmpty()) return Optional.empty();
    byte[] presented = HexFormat.of().formatHex(sha256(token)).getBytes(StandardCharsets.US_ASCII);
    Entry found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(presented, entry.sha256().getBytes(StandardCharsets.US_ASCII)) && found == null) found = entry;
    }
    return Optional.ofNullable(found).map(e -> new Caller(e.name(), e.roles(), e.teams()));
  }

  /** The SHA-256 of {@code token} in hex, as configuration wants it. */
  public static String digest(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
