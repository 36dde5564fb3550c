package dev.agentline.toolrunner.edits;

import dev.agentline.platform.redact.Redactor;
import dev.agentline.platform.redact.Redactor.Secret;
import dev.agentline.platform.redact.Redactor.Tally;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps the secrets found in a repository inside the tool runner. Whatever a tool returns has each
 * secret replaced by {@code [REDACTED:<kind>#<id>]} ({@link #hide}), so no file, search hit, diff or
 * test output carries it to a topic, a prompt or a model provider. The id is an HMAC of the secret
 * under this runner's key: the same secret always reads the same, and no one without the key can
 * test a guess against it (a short password in a URL is guessable from a plain hash). The kind is
 * what the secret looked like where it was found ({@code aws.key=AKIA…} is an AWS key,
 * {@code access-key=AKIA…} an assignment), so only the id says which secret it is. The {@code #}
 * keeps a placeholder from reading as an assignment itself ({@code github-token:…} would).
 *
 * <p>A model that edits near a secret copies its placeholder; {@link #restore} puts the secret back
 * before the edit is applied ({@link #restorer}), from the secrets of the files the request changes. A placeholder that
 * stands for none of them is refused: a secret can stay where it is or move between those files,
 * and no model can make one up. Every tool runner replica needs the same key
 * ({@code agentline.workspace.secret-placeholder-key}), or an edit read through one and applied by
 * another is refused the same way (the refusal says so).
 */
public final class SecretPlaceholders {
  private static final Redactor REDACTOR = Redactor.standard();
  private static final String PREFIX = "[REDACTED:";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\[REDACTED:[a-z-]+#([0-9a-f]{12})]");

  private final SecretKeySpec key;

  /** {@code key}: any text; the replicas of one deployment share it. */
  public SecretPlaceholders(String key) {
    if (key == null || key.isBlank()) throw new IllegalArgumentException("the secret placeholder key is empty");
    this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** Placeholders with a key of this process alone: right for one tool runner (tests, the local system). */
  public static SecretPlaceholders withRandomKey() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return new SecretPlaceholders(HexFormat.of().formatHex(random));
  }

  /** {@code text} with each secret replaced by its placeholder; the same instance when it holds none. */
  public String hide(String text) {
    return REDACTOR.redact(text, new Tally(), this::placeholder);
  }

  /** Whether {@code text} may hold a placeholder: a quick look before the files are read for {@link #restorer}. */
  public static boolean mayHold(String text) {
    return text != null && text.contains(PREFIX);
  }

  /**
   * What puts back the secrets of {@code files} (the current contents of the files a request changes): it
   * returns a text (an edit's search or replace text, a diff) with each placeholder replaced by the secret
   * it stands for, and throws an {@link EditRejectedException} naming a placeholder none of them holds. A
   * placeholder's text that one of the files holds as it is stays as it is. The files are scanned once,
   * here, however many texts it restores.
   */
  public UnaryOperator<String> restorer(List<String> files) {
    Map<String, String> secrets = new HashMap<>();
    for (String file : files) {
      for (Secret secret : REDACTOR.secrets(file)) secrets.put(id(secret.value()), secret.value());
    }
    return text -> restore(text, secrets, files);
  }

  private static String restore(String text, Map<String, String> secrets, List<String> files) {
    if (!mayHold(text)) return text;
    Matcher m = PLACEHOLDER.matcher(text);
    if (!m.find()) return text;
    StringBuilder out = new StringBuilder(text.length());
    do {
      String secret = secrets.get(m.group(1));
      if (secret == null && literallyIn(m.group(), files)) secret = m.group();
      if (secret == null) {
        throw new EditRejectedException("the change holds " + m.group() + ", which stands for a secret that none of the files it "
            + "changes holds: a redacted secret can stay where it is or move between the files one request changes, "
            + "and cannot be written anywhere else; leave that placeholder out (a placeholder shown by a tool runner with "
            + "another agentline.workspace.secret-placeholder-key is not known here either)");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(secret));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }

  /** A file may hold a placeholder's text itself (this class's tests do): then it is text, not a stand-in. */
  private static boolean literallyIn(String placeholder, List<String> files) {
    for (String file : files) {
      if (file.contains(placeholder)) return true;
    }
    return false;
  }

  private String placeholder(String kind, String secret) {
    return PREFIX + kind + "#" + id(secret) + "]";
  }

  private String id(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)), 0, 6);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
