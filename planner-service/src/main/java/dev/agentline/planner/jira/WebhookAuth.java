package dev.agentline.planner.jira;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared-secret check of a webhook delivery. Jira Cloud signs an admin webhook registered with a secret: {@code
 * X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>}. A webhook Jira does not sign (an automation rule's "send web
 * request", or an older site) can carry the secret as {@code ?secret=} in its URL instead. Both compare in constant time.
 */
final class WebhookAuth {
  private final byte[] secret;

  /** A blank secret accepts every delivery. */
  WebhookAuth(String secret) {
    this.secret = secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8);
  }

  boolean required() {
    return secret != null;
  }

  /** True when the delivery proves it knows the secret (or none is configured). A signature, when sent, must be right. */
  boolean accepts(byte[] body, String signatureHeader, String secretParameter) {
    if (secret == null) return true;
    if (signatureHeader != null && !signatureHeader.isBlank()) return signatureMatches(body, signatureHeader.trim());
    return secretParameter != null && MessageDigest.isEqual(secret, secretParameter.getBytes(StandardCharsets.UTF_8));
  }

  private boolean signatureMatches(byte[] body, String header) {
    int eq = header.indexOf('=');
    if (eq < 0 || !header.substring(0, eq).equalsIgnoreCase("sha256")) return false;
    byte[] sent;
    try {
      sent = HexFormat.of().parseHex(header.substring(eq + 1).toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmac(body), sent);
  }

  byte[] hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(body == null ? new byte[0] : body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** The header value Jira would send for {@code body}. */
  String signature(byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(hmac(body));
  }
}
