package dev.agentline.toolrunner.review;

/** A payload lacks a field its event needs; {@link #field} is its JSON path ({@code pull_request.number}). */
final class PayloadException extends RuntimeException {
  final String field;

  PayloadException(String field, String message) {
    super(message);
    this.field = field;
  }
}
