package dev.agentline.platform.access;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The repository allow-list per team ({@code agentline.security.teams.<team>.repositories}): a caller may target a
 * repository when one of its teams has a glob that matches the repository's URL (or path). Admins may target any.
 */
public final class TeamRepositories {
  private final Map<String, List<Glob>> globs = new TreeMap<>();

  /** {@code team -> globs}; a team without globs allows nothing. */
  public TeamRepositories(Map<String, List<String>> teams) {
    teams.forEach((team, list) -> globs.put(team, (list == null ? List.<String>of() : list).stream().map(Glob::of).toList()));
  }

  /** Empty when {@code caller} may submit tasks on {@code repository}; else the reason, naming the repository and the teams. */
  public Optional<Denial> refusal(Caller caller, String repository) {
    if (caller.roles().contains(Role.ADMIN)) return Optional.empty();
    for (String team : caller.teams()) {
      for (Glob glob : globs.getOrDefault(team, List.of())) {
        if (glob.matches(repository)) return Optional.empty();
      }
    }
    String teams = caller.teams().isEmpty() ? "no team" : "team(s) " + String.join(", ", caller.teams());
    return Optional.of(new Denial(caller.name() + " may not target repository " + repository + ": it matches no repository glob of "
        + teams + " (agentline.security.teams.<team>.repositories)", "team"));
  }
}
