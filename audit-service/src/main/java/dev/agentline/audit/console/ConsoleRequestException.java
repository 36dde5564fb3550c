package dev.agentline.audit.console;

/**
 * A console request that is missing or has a wrong value; {@code name} is the query parameter or body
 * field, reported under {@code where} ("parameter" or "field") in the problem detail.
 */
final class ConsoleRequestException extends RuntimeException {
  private final String where;
  private final String name;

  private ConsoleRequestException(String where, String name, String message) {
    super(message);
    this.where = where;
    this.name = name;
  }

  static ConsoleRequestException parameter(String name, String message) {
    return new ConsoleRequestException("parameter", name, message);
  }

  static ConsoleRequestException field(String name, String message) {
    return new ConsoleRequestException("field", name, message);
  }

  String where() {
    return where;
  }

  String name() {
    return name;
  }
}
