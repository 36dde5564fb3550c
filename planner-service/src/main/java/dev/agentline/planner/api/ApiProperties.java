package dev.agentline.planner.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code agentline.planner.api}: limits on what the HTTP API (REST intake, commands, the Jira webhook) reads.
 *
 * @param maxBodyBytes a request body longer than this is refused with 413 before it is parsed
 * @param maxNestingDepth a JSON body nesting arrays/objects deeper than this is refused with 400 before it is parsed
 */
@ConfigurationProperties("agentline.planner.api")
public record ApiProperties(@DefaultValue("1048576") long maxBodyBytes, @DefaultValue("32") int maxNestingDepth) {
  public ApiProperties {
    new BodyCheck(maxBodyBytes, maxNestingDepth);
  }

  BodyCheck bodyCheck() {
    return new BodyCheck(maxBodyBytes, maxNestingDepth);
  }
}
