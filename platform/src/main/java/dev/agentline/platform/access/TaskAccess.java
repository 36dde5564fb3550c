package dev.agentline.platform.access;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Who may do what to a task. Empty means allowed; a {@link Denial} says why not. The requester of a task is the
 * authenticated caller that submitted it (never a name taken from a request body).
 */
public final class TaskAccess {
  private TaskAccess() {}

  /** A caller that lacks every role of {@code anyOf} (admins have them all). */
  public static Optional<Denial> requireRole(Caller caller, String action, Role... anyOf) {
    if (caller.hasAny(anyOf)) return Optional.empty();
    String names = Arrays.stream(anyOf).map(Role::label).collect(Collectors.joining(" or "));
    return Optional.of(new Denial(caller.name() + " may not " + action + ": it needs the role " + names
        + " (has " + (caller.roles().isEmpty() ? "none" : caller.roles().stream().map(Role::label).sorted().collect(Collectors.joining(", "))) + ")",
        names));
  }

  /** Submitting a task on {@code repository}: the submitter role and a team whose allow-list matches the repository. */
  public static Optional<Denial> submit(Caller caller, String repository, TeamRepositories teams) {
    return requireRole(caller, "submit tasks", Role.SUBMITTER).or(() -> teams.refusal(caller, repository));
  }

  /** Approving or rejecting a plan or a step: the approver role, and not the task's own requester (not even an admin). */
  public static Optional<Denial> decideGate(Caller caller, String taskId, String requester) {
    Optional<Denial> role = requireRole(caller, "approve or reject plans and steps", Role.APPROVER);
    if (role.isPresent()) return role;
    if (caller.is(requester)) {
      return Optional.of(new Denial(caller.name() + " requested task " + taskId + " and may not approve or reject its plan or steps", "requester"));
    }
    return Optional.empty();
  }

  /** Cancelling a task or retrying a step: its requester, or an admin. */
  public static Optional<Denial> cancelOrRetry(Caller caller, String taskId, String requester) {
    if (caller.roles().contains(Role.ADMIN) || caller.is(requester)) return Optional.empty();
    return Optional.of(new Denial(caller.name() + " may not cancel or retry task " + taskId + ": only its requester ("
        + (requester == null || requester.isBlank() ? "unknown" : requester) + ") or an admin may", "requester or admin"));
  }

  /** Taking a task's branch over or handing it back: its requester, an approver (a reviewer of the pull request), or an admin. */
  public static Optional<Denial> takeOverOrHandBack(Caller caller, String taskId, String requester) {
    if (caller.roles().contains(Role.ADMIN) || caller.roles().contains(Role.APPROVER) || caller.is(requester)) {
      return Optional.empty();
    }
    return Optional.of(new Denial(caller.name() + " may not take over or hand back task " + taskId + ": only its requester ("
        + (requester == null || requester.isBlank() ? "unknown" : requester) + "), an approver or an admin may", "requester, approver or admin"));
  }
}
