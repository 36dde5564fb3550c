package dev.agentline.platform.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.platform.redact.Redactor.Tally;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private static final Redactor REDACTOR = Redactor.standard();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      openai-key        | export OPENAI_KEY_FILE=/tmp/x; curl -H 'x-key: ' sk-proj-4fGh7JkL9mNpQrStUvWxYz012345abcdEF ok | sk-proj-4fGh7JkL9mNpQrStUvWxYz012345abcdEF
      openai-key        | the key sk-9aB8cD7eF6gH5iJ4kL3mN2oP1qR0sT is revoked                                             | sk-9aB8cD7eF6gH5iJ4kL3mN2oP1qR0sT
      anthropic-key     | client = Anthropic(key_id=None)  # sk-ant-api03-Zx9_Yw8-Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa-AAAA        | sk-ant-api03-Zx9_Yw8-Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa-AAAA
      aws-access-key    | [default] aws_access_key_id AKIAIOSFODNN7EXAMPLE region eu-west-1                                 | AKIAIOSFODNN7EXAMPLE
      github-token      | git push with ghp_16C7e42F292c6912E7710c838347Ae178B4a failed                                      | ghp_16C7e42F292c6912E7710c838347Ae178B4a
      github-token      | using gho_16C7e42F292c6912E7710c838347Ae178B4a for oauth                                           | gho_16C7e42F292c6912E7710c838347Ae178B4a
      github-token      | GH fine-grained github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLM | github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLM
      gitlab-token      | CI uses glpat-xY9zA8bC7dE6fG5hI4jK to clone                                                        | glpat-xY9zA8bC7dE6fG5hI4jK
      slack-token       | notify via xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx                               | xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx
      slack-token       | user token xoxp-123456789012-123456789012-123456789012-abcdef0123456789abcdef0123456789           | xoxp-123456789012-123456789012-123456789012-abcdef0123456789abcdef0123456789
      bearer-token      | > GET /v1/models HTTP/1.1 > Authorization: Bearer eyJhbGciOi.x-Yz_12345abcdef~plus/slash==       | eyJhbGciOi.x-Yz_12345abcdef~plus/slash==
      basic-auth        | Authorization: Basic dXNlcjpodW50ZXIy                                                              | dXNlcjpodW50ZXIy
      jwt               | cookie session=; jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U | eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U
      secret-assignment | spring.datasource.password=s3cr3t-Pa55                                                             | s3cr3t-Pa55
      secret-assignment | DB_PASSWORD: "correct horse"                                                                       | correct
      secret-assignment | {"api_key": "a1b2c3d4e5", "model": "gpt"}                                                        | a1b2c3d4e5
      secret-assignment | https://api.example.com/cb?code=1&access_token=ya29.A0ARrdaM-xyz&state=2                         | ya29.A0ARrdaM-xyz
      secret-assignment | String clientSecret = "hunter22";                                                                  | hunter22
      secret-assignment | AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY                                     | wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
      url-password      | git clone https://deploy:Tr0ub4dor@git.example.com/team/repo.git                                  | Tr0ub4dor
      url-password      | jdbc:postgresql://u:pw-9x@db:5432/app? no, postgres://admin:p%40ss@db.internal:5432/app           | p%40ss
      """)
  void redactsEachKindOfSecretAndCountsIt(String kind, String text, String secret) {
    Tally tally = new Tally();
    String redacted = REDACTOR.redact(text, tally);

    assertThat(redacted).doesNotContain(secret);
    assertThat(redacted).contains(kind.equals(Redactor.URL_PASSWORD) ? ":***@" : "[REDACTED:" + kind + "]");
    assertThat(tally.counts()).containsKey(kind);
  }

  @Test
  void passwordInAUrlKeepsSchemeUserAndHost() {
    assertThat(REDACTOR.redact("remote: https://user:pass@host/x.git (fetch)"))
        .isEqualTo("remote: https://user:***@host/x.git (fetch)");
  }

  @Test
  void tokenInsideAUrlIsOneRedactionNotTwo() {
    Tally tally = new Tally();
    String redacted = REDACTOR.redact(
        "fatal: unable to access 'https://x-access-token:ghp_16C7e42F292c6912E7710c838347Ae178B4a@github.com/o/r.git/'", tally);

    assertThat(redacted).isEqualTo("fatal: unable to access 'https://x-access-token:***@github.com/o/r.git/'");
    assertThat(tally.counts()).isEqualTo(Map.of(Redactor.URL_PASSWORD, 1));
  }

  @Test
  void privateKeyIsRedactedWholeAndTheTextAroundItKept() {
    String pem = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
        QyNTUxOQAAACDz8fJ1gC0aJ3QbP7e3s7+Zq2w7V5v5XHk5wq6yQ1m5XwAAAJgfQ1x0H0Nc
        -----END OPENSSH PRIVATE KEY-----""";
    Tally tally = new Tally();
    String redacted = REDACTOR.redact("Wrote deploy key to id_ed25519:\n" + pem + "\nDone in 2 s.", tally);

    assertThat(redacted).isEqualTo("Wrote deploy key to id_ed25519:\n[REDACTED:private-key]\nDone in 2 s.");
    assertThat(tally.total()).isEqualTo(1);
  }

  @Test
  void privateKeyCutOffBeforeItsEndIsRedactedToTheEnd() {
    String tail = "config.yaml:\n  tls_key: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIEowIBAAKCAQEAx4Ux1x2n\n    [output truncated]";
    assertThat(REDACTOR.redact(tail)).isEqualTo("config.yaml:\n  tls_key: |\n    [REDACTED:private-key]");
  }

  @Test
  void privateKeyInAnAssignmentIsRedactedWhole() {
    String text = "private_key = -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";
    assertThat(REDACTOR.redact(text)).isEqualTo("private_key = [REDACTED:private-key]\n");
  }

  @Test
  void aRealisticPromptKeepsItsCodeAndLosesItsSecrets() {
    String prompt = """
        You edit code. The failing test output was:

        FrobServiceTest > connects() FAILED
            java.lang.IllegalStateException: cannot connect to https://svc:Sup3rS3cret@frob.internal:8443/api
        Environment:
            OPENAI_API_KEY=sk-proj-aBcD1234eFgH5678iJkL9012mNoP3456
            GITHUB_TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a
        File src/main/java/Frob.java:
            String password = config.getPassword();
            int max_tokens = 4096;
            log.info("tokens: {}", usage.tokens());
            if (password == null) throw new IllegalStateException("password: required");
        """;
    Tally tally = new Tally();
    String redacted = REDACTOR.redact(prompt, tally);

    assertThat(redacted)
        .contains("https://svc:***@frob.internal:8443/api")
        .contains("OPENAI_API_KEY=[REDACTED:secret-assignment]")
        .contains("GITHUB_TOKEN=[REDACTED:secret-assignment]")
        .contains("String password = config.getPassword();")
        .contains("int max_tokens = 4096;")
        .contains("log.info(\"tokens: {}\", usage.tokens());")
        .contains("if (password == null)")
        // prose after "password:" is taken for a password: a redacted word beats a leaked secret
        .contains("(\"password: [REDACTED:secret-assignment]\")")
        .doesNotContain("Sup3rS3cret").doesNotContain("sk-proj").doesNotContain("ghp_");
    assertThat(tally.counts()).isEqualTo(Map.of(Redactor.URL_PASSWORD, 1, Redactor.SECRET_ASSIGNMENT, 3));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "BUILD SUCCESS in 4.2 s: Tests run: 40, Failures: 0, Errors: 0, Skipped: 0",
      "MANAGER/PLAN replay/strong-1, 1200+345 tokens, $0.0123, 850 ms, ok",
      "see https://github.com/agentline/agentline/pull/12 and mailto:ana@example.com",
      "the task-key sk-learn is a package name; AKIA is a prefix; tokenizer: fast",
      "String token = request.header(\"X-Token\");",
      "password: ${DB_PASSWORD}",
      "apply edits to src/main/java/dev/agentline/Token.java and KeyStore.java"})
  void ordinaryTextIsLeftAlone(String text) {
    Tally tally = new Tally();
    assertThat(REDACTOR.redact(text, tally)).isSameAs(text);
    assertThat(tally.total()).isZero();
  }

  /** The quick look that spares clean text the pattern: a key's prefix inside a longer word is not where a key starts. */
  @ParameterizedTest
  @ValueSource(strings = {
      "task-0000001-ba419 and task-0000002-cc01",
      "mask-layer-for-disk-io",
      "the BASIA_TEAM flag",
      "high water mark: ughp_token",
      "HeyJude",
      "xxoxb-12345678901"})
  void keyPrefixesInsideWordsDoNotSendTheTextToThePattern(String text) {
    assertThat(Redactor.mayHoldSecret(text)).isFalse();
    assertThat(REDACTOR.redact(text)).isSameAs(text);
  }

  /** …and where a key can start, it does, whatever stands before it (the pattern then decides). */
  @ParameterizedTest
  @ValueSource(strings = {
      "(sk-ant-api03-Zx9_Yw8-Vu7Ts6Rq5Po4)",
      "key=AKIAIOSFODNN7EXAMPLE",
      "'ghp_16C7e42F292c6912E7710c838347Ae178B4a'",
      "github_pat_11ABCDEFG0123456789_abc",
      " glpat-xY9zA8bC7dE6fG5hI4jK",
      "\txoxb-123456789012",
      "\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIi",
      "-----BEGIN RSA PRIVATE KEY-----",
      "Bearer abc",
      "AUTHORIZATION: Basic x",
      "postgres://admin:p@db"})
  void whereAKeyCanStartTheTextGoesToThePattern(String text) {
    assertThat(Redactor.mayHoldSecret(text)).isTrue();
  }

  @Test
  void countsEveryOccurrenceByKind() {
    Tally tally = new Tally();
    REDACTOR.redact("a AKIAIOSFODNN7EXAMPLE b AKIAI44QH8DHBEXAMPLE c password=hunter22", tally);
    assertThat(tally.counts()).isEqualTo(Map.of(Redactor.AWS_ACCESS_KEY, 2, Redactor.SECRET_ASSIGNMENT, 1));
    assertThat(tally.total()).isEqualTo(3);
  }

  @Test
  void aPlaceholderIsGivenTheSecretAloneAndTheKeptPrefixStays() {
    String redacted = REDACTOR.redact("DB_PASSWORD=hunter22 via https://ci:Tr0ub4dor@ci.example.com", new Tally(),
        (kind, secret) -> "<" + kind + " of " + secret.length() + ">");

    assertThat(redacted).isEqualTo("DB_PASSWORD=<secret-assignment of 8> via https://ci:<url-password of 9>@ci.example.com");
  }

  @Test
  void secretsListsEachOccurrenceWithItsKindInOrder() {
    assertThat(REDACTOR.secrets("a AKIAIOSFODNN7EXAMPLE b password=hunter22 c AKIAIOSFODNN7EXAMPLE")).containsExactly(
        new Redactor.Secret(Redactor.AWS_ACCESS_KEY, "AKIAIOSFODNN7EXAMPLE"),
        new Redactor.Secret(Redactor.SECRET_ASSIGNMENT, "hunter22"),
        new Redactor.Secret(Redactor.AWS_ACCESS_KEY, "AKIAIOSFODNN7EXAMPLE"));
    assertThat(REDACTOR.secrets("nothing secret here")).isEmpty();
  }

  /**
   * Redaction tries the pattern only near hints; a scan of the pattern at every position ({@code find()}, what redaction
   * did before) must find the same secrets, kinds and kept prefixes. Random texts of secrets, their near misses, names
   * that hold hints of other kinds, quotes, whitespace and line breaks.
   */
  @Test
  void findsWhatAScanOfThePatternAtEveryPositionFinds() {
    String[] parts = {
        "sk-proj-4fGh7JkL9mNpQrStUvWxYz012345abcdEF", "sk-ant-api03-Zx9_Yw8-Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa-AAAA", "sk-",
        "AKIAIOSFODNN7EXAMPLE", "AKIA", "ASIA", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "ghp_", "gh", "_",
        "github_pat_11ABCDEFG0123456789_abcdefghij", "glpat-xY9zA8bC7dE6fG5hI4jK", "glpat-", "xoxb-123456789012", "xox",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N", "eyJ", "Bearer ", "bearer",
        "Authorization: Basic dXNlcjpodW50ZXIy", "authorization", "AUTHORIZATION=", "basic ",
        "-----BEGIN RSA PRIVATE KEY-----", "MIIEpAIBAAKCAQEA", "-----END RSA PRIVATE KEY-----", "-----BEGIN CERTIFICATE-----",
        "password", "PASSWORD", "passwd", "token", "api_key", "api-key", "secret", "credentials", "private_key", "x_y.",
        "https://", "postgres://admin:", "user:pw@host", "@", "://", "=", ":", "= ", ": ", "\"", "'", "`", "(", ")", "${X}",
        " ", "  ", "\n", "\t", ".", "-", "+", "/", ",", ";", "&", "hunter22", "abc", "Zz9", "value", "task-1", "mask-layer"};
    // a name holding a hint of another kind: the assignment starts where the name does, not at "authorization"
    assertThat(REDACTOR.redact("x_y.authorizationtoken://u:p@h")).isEqualTo("x_y.authorizationtoken:[REDACTED:secret-assignment]")
        .isEqualTo(fullScan("x_y.authorizationtoken://u:p@h").replace("\u0000", "[REDACTED:secret-assignment]"));
    Random random = new Random(20261127);
    Pattern pattern = Redactor.pattern();
    for (int n = 0; n < 10_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int k = 1 + random.nextInt(24); k > 0; k--) text.append(parts[random.nextInt(parts.length)]);
      String t = text.toString();
      List<String> expected = new ArrayList<>();
      Matcher m = pattern.matcher(t);
      while (m.find()) expected.add(m.start() + ".." + m.end() + " " + m.group());
      List<String> found = new ArrayList<>();
      String redacted = REDACTOR.redact(t, new Tally(), (kind, secret) -> {
        found.add(kind + " " + secret);
        return "\u0000";
      });
      List<String> kinds = new ArrayList<>();
      for (Redactor.Secret secret : REDACTOR.secrets(t)) kinds.add(secret.kind() + " " + secret.value());
      assertThat(found).as(t).isEqualTo(kinds).hasSameSizeAs(expected);
      assertThat(redacted.chars().filter(c -> c == 0).count()).as(t).isEqualTo(expected.size());
      assertThat(redacted).as(t).isEqualTo(fullScan(t));
    }
  }

  /** Redaction as a scan of the pattern at every position, each secret replaced by {@code \u0000} (its kept prefix kept). */
  private static String fullScan(String text) {
    Matcher m = Redactor.pattern().matcher(text);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      String secret = null;
      for (String group : new String[] {"privatekey", "urlpassword", "secretassignment", "bearertoken", "basicauth", "anthropickey",
          "openaikey", "awsaccesskey", "githubtoken", "gitlabtoken", "slacktoken", "jwt"}) {
        if (m.start(group) >= 0) {
          secret = group;
          break;
        }
      }
      int secretStart = m.start(secret);
      out.append(text, last, secretStart).append('\u0000');
      last = m.end();
    }
    return out.append(text, last, text.length()).toString();
  }
}
