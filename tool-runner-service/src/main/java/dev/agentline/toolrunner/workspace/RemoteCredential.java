package dev.agentline.toolrunner.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * How to authenticate to the remotes whose URL starts with {@code urlPrefix}: a token over
 * https (sent as the password of {@code username}), or a private key over ssh (checked against
 * {@code knownHosts}). The token comes from the configuration or, better, from the environment
 * variable {@code tokenEnv}; it never appears in {@link #toString()}, logs or error messages.
 *
 * @param urlPrefix the remotes this applies to, e.g. {@code https://github.com/acme/} or {@code ssh://git@git.acme.internal/}
 * @param username the https user name; GitHub accepts any, GitLab wants {@code oauth2} for tokens (default {@code x-access-token})
 * @param token the https token itself (prefer {@code tokenEnv})
 * @param tokenEnv the environment variable holding the https token
 * @param sshKey a private key file (OpenSSH format) for ssh remotes
 * @param knownHosts the known_hosts file the ssh server's key must be in (default: ~/.ssh/known_hosts)
 */
public record RemoteCredential(String urlPrefix, String username, String token, String tokenEnv, Path sshKey, Path knownHosts) {

  public RemoteCredential {
    if (urlPrefix == null || urlPrefix.isBlank()) throw new IllegalArgumentException("url-prefix must not be blank");
    if (username == null || username.isBlank()) username = "x-access-token";
    boolean hasToken = token != null && !token.isBlank() || tokenEnv != null && !tokenEnv.isBlank();
    if (!hasToken && sshKey == null) throw new IllegalArgumentException("credential for " + urlPrefix + " needs token, token-env or ssh-key");
    if (sshKey != null && !Files.isReadable(sshKey)) {
      throw new IllegalArgumentException("credential for " + urlPrefix + ": ssh-key " + sshKey + " is not a readable file");
    }
    if (knownHosts != null && !Files.isReadable(knownHosts)) {
      throw new IllegalArgumentException("credential for " + urlPrefix + ": known-hosts " + knownHosts + " is not a readable file");
    }
  }

  /** A token credential read from the environment variable {@code tokenEnv}. */
  public static RemoteCredential token(String urlPrefix, String username, String tokenEnv) {
    return new RemoteCredential(urlPrefix, username, null, tokenEnv, null, null);
  }

  public boolean matches(String uri) {
    return uri.startsWith(urlPrefix);
  }

  /** The https token, from the configuration or the environment; an error names the variable, never a value. */
  String resolveToken(Function<String, String> env) {
    if (token != null && !token.isBlank()) return token;
    if (tokenEnv == null || tokenEnv.isBlank()) return null;
    String value = env.apply(tokenEnv);
    if (value == null || value.isBlank()) {
      throw new WorkspaceException("the token for " + urlPrefix + " is read from the environment variable " + tokenEnv + ", which is not set");
    }
    return value;
  }

  @Override
  public String toString() {
    return "RemoteCredential[urlPrefix=" + urlPrefix + ", username=" + username + ", token=" + (token == null ? "none" : "***")
        + ", tokenEnv=" + tokenEnv + ", sshKey=" + sshKey + ", knownHosts=" + knownHosts + "]";
  }
}
