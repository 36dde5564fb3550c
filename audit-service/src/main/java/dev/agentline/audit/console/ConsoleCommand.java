package dev.agentline.audit.console;

import dev.agentline.platform.Meta;
import dev.agentline.schemas.CommandType;
import dev.agentline.schemas.TaskCommand;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A person's command from the console: a gate decision (approve or reject a plan, accept or reject a step), or taking
 * a task over from the agents and handing it back (with an optional note in {@code reason}). The planner decides
 * whether it applies (e.g. a requester may not approve their own plan) and records the outcome as a task event.
 */
record ConsoleCommand(String taskId, CommandType type, String actor, String reason, String stepId) {
  /** The commands the console's gate buttons send. */
  static final Set<CommandType> GATES = EnumSet.of(CommandType.APPROVE_PLAN, CommandType.REJECT_PLAN,
      CommandType.ACCEPT_STEP, CommandType.REJECT_STEP);
  /** Who works on the task: a person takes it over from the agents, and hands it back. */
  static final Set<CommandType> OWNERSHIP = EnumSet.of(CommandType.TAKEOVER, CommandType.HANDBACK);
  static final String PRODUCER = "audit-console";

  /** Validates the request body; a missing or wrong field is reported by name. */
  static ConsoleCommand parse(String taskId, String type, String actor, String reason, String stepId) {
    if (type == null || type.isBlank()) {
      throw ConsoleRequestException.field("type", "type is required: one of " + names());
    }
    CommandType parsed;
    try {
      parsed = CommandType.valueOf(type.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw ConsoleRequestException.field("type", "type must be one of " + names() + ", was '" + type + "'");
    }
    if (!GATES.contains(parsed) && !OWNERSHIP.contains(parsed)) {
      throw ConsoleRequestException.field("type", "type must be one of " + names() + ", was '" + type + "'");
    }
    if (actor == null || actor.isBlank()) {
      throw ConsoleRequestException.field("actor", "actor is required: the name of the person deciding (there is no login yet)");
    }
    if (actor.strip().length() > 200) {
      throw ConsoleRequestException.field("actor", "actor must be at most 200 characters");
    }
    return new ConsoleCommand(taskId, parsed, actor.strip(), reason == null || reason.isBlank() ? null : reason.strip(),
        stepId == null || stepId.isBlank() || OWNERSHIP.contains(parsed) ? null : stepId.strip());
  }

  boolean ownership() {
    return OWNERSHIP.contains(type);
  }

  TaskCommand toRecord() {
    return TaskCommand.newBuilder()
        .setMeta(Meta.of(taskId, null, PRODUCER))
        .setType(type)
        .setActor(actor)
        .setReason(reason)
        .setStepId(stepId)
        .build();
  }

  private static String names() {
    return java.util.stream.Stream.concat(GATES.stream(), OWNERSHIP.stream())
        .map(t -> t.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList().toString();
  }
}
