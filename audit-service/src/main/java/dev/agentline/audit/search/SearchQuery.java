package dev.agentline.audit.search;

/**
 * A validated full-text search: {@code q} in web-search syntax ("quoted phrases", -exclusions, or),
 * optionally within one task, at most {@code limit} hits.
 */
record SearchQuery(String q, String taskId, int limit) {

  /** Parses request parameters; a wrong one is reported by name in {@link InvalidParameterException}. */
  static SearchQuery parse(String q, String taskId, String limit, int defaultLimit, int maxLimit) {
    if (q == null || q.isBlank()) {
      throw new InvalidParameterException("q", "q is required: the words to search for, e.g. q=\"compilation error\" -manager");
    }
    int parsedLimit = defaultLimit;
    if (limit != null) {
      try {
        parsedLimit = Integer.parseInt(limit.strip());
      } catch (NumberFormatException e) {
        throw new InvalidParameterException("limit", "limit must be a whole number 1.." + maxLimit + ", was '" + limit + "'");
      }
      if (parsedLimit < 1 || parsedLimit > maxLimit) {
        throw new InvalidParameterException("limit", "limit must be 1.." + maxLimit + ", was " + parsedLimit);
      }
    }
    return new SearchQuery(q.strip(), taskId == null || taskId.isBlank() ? null : taskId.strip(), parsedLimit);
  }

  /** A request parameter that is missing or wrong; {@code parameter} names it. */
  static final class InvalidParameterException extends RuntimeException {
    private final String parameter;

    InvalidParameterException(String parameter, String message) {
      super(message);
      this.parameter = parameter;
    }

    String parameter() {
      return parameter;
    }
  }
}
