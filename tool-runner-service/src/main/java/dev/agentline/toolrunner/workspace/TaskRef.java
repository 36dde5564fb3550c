package dev.agentline.toolrunner.workspace;

import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Repository;

/**
 * Which workspace a request works in: the task, the repository it changes, the branch the task
 * branch starts from, and the task branch itself. The task id becomes a directory name, so it is
 * held to a safe alphabet here.
 */
public record TaskRef(String taskId, RepositoryLocation repository, String baseBranch, String branch) {
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public TaskRef {
    if (taskId == null || !SAFE_ID.matcher(taskId).matches() || taskId.contains("..")) {
      throw new WorkspaceException("task id '" + taskId + "' cannot name a workspace (allowed: letters, digits, '.', '_', '-', up to 128)");
    }
    if (repository == null) throw new WorkspaceException("repository is missing");
    requireBranchName("baseBranch", baseBranch);
    requireBranchName("branch", branch);
  }

  private static void requireBranchName(String field, String name) {
    if (name == null || name.isBlank() || !Repository.isValidRefName("refs/heads/" + name)) {
      throw new WorkspaceException(field + " '" + name + "' is not a valid branch name");
    }
  }
}
