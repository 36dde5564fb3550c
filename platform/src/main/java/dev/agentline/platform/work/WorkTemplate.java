package dev.agentline.platform.work;

import java.util.List;

/**
 * A reusable template for one type of work (bugfix, feature, ...): planning guidance for the manager
 * and the checks a result of that type should pass. Read from {@code dev/agentline/platform/work/<name>.yaml}.
 *
 * @param name the work type, as tickets name it
 * @param summary what this type of work is, in one sentence
 * @param planning how to plan it, one rule a line
 * @param checks what a good result of this type shows
 */
public record WorkTemplate(String name, String summary, List<String> planning, List<String> checks) {
  public WorkTemplate {
    planning = List.copyOf(planning);
    checks = List.copyOf(checks);
  }

  /** The guidance as prompt text: the type, its summary, the planning rules and the checks. */
  public String guidance() {
    StringBuilder text = new StringBuilder("## Work type: ").append(name).append('\n').append(summary).append("\n\nHow to plan it:\n");
    for (String rule : planning) text.append("- ").append(rule).append('\n');
    text.append("\nA good result of this type:\n");
    for (String check : checks) text.append("- ").append(check).append('\n');
    return text.toString();
  }
}
