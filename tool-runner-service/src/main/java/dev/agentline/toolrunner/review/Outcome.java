package dev.agentline.toolrunner.review;

import java.util.List;

/** What became of one webhook delivery; the controller turns it into the HTTP answer. */
public sealed interface Outcome {
  /** Records were produced (202 {"eventIds": [...]}). */
  record Accepted(List<String> eventIds) implements Outcome {}

  /** Nothing to produce, on purpose (202 {"ignored": reason}). */
  record Ignored(String reason) implements Outcome {}

  /** GitHub's ping (200). */
  record Pong() implements Outcome {}

  /** Signature or token missing or wrong, or no secret configured (401). */
  record Unauthorized(String reason) implements Outcome {}

  /** The payload lacks what its event needs (400); {@code field} is the JSON path of the missing field. */
  record Invalid(String field, String detail) implements Outcome {}

  /** The code host's API or Kafka could not be reached: the host should redeliver (503). */
  record Unavailable(String detail) implements Outcome {}
}
