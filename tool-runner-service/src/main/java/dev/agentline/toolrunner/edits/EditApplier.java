package dev.agentline.toolrunner.edits;

import dev.agentline.schemas.Edit;
import dev.agentline.toolrunner.sandbox.ChangePolicy;
import dev.agentline.toolrunner.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Applies a request's SEARCH/REPLACE edits and then its unified diff to a workspace, all or
 * nothing: every path (edit paths, and both names of every file the diff changes, creates,
 * deletes or renames) is checked by the workspace's {@link dev.agentline.toolrunner.sandbox.PathPolicy}
 * and by the request's {@link ChangePolicy} before anything is written, and when any edit fails
 * the workspace is reset to the commit it was at. Does not commit.
 *
 * <p>Edits forgive what models get wrong (see {@link SearchReplace}); a diff is applied with
 * {@code git apply} semantics and, when that refuses it, with {@link FuzzyPatch}. A refusal is an
 * {@link EditRejectedException} whose message names the edit or hunk and quotes the file's
 * closest lines, for the model's retry.
 */
public final class EditApplier {
  private final SecretPlaceholders secrets;

  /** {@code secrets}: how the secrets the model saw as placeholders are put back before anything is written. */
  public EditApplier(SecretPlaceholders secrets) {
    this.secrets = secrets;
  }

  /**
   * Applies everything and returns the repository paths it touched; throws {@link EditRejectedException},
   * {@link dev.agentline.toolrunner.sandbox.PathRefusedException} or
   * {@link dev.agentline.toolrunner.sandbox.ChangeRefusedException} otherwise.
   */
  public SortedSet<String> apply(Workspace workspace, List<Edit> edits, String unifiedDiff, ChangePolicy policy) {
    boolean hasDiff = unifiedDiff != null && !unifiedDiff.isBlank();
    if (edits.isEmpty() && !hasDiff) throw new EditRejectedException("nothing to apply: the request has no edits and no unified diff");
    UnifiedDiff diff = hasDiff ? UnifiedDiff.parse(unifiedDiff) : null;

    List<String> editPaths = edits.stream().map(edit -> repoPath(workspace, edit.getPath())).toList();
    SortedSet<String> touched = new TreeSet<>(editPaths);
    if (diff != null) for (String path : diff.paths()) touched.add(repoPath(workspace, path));
    policy.checkPaths(touched);

    // the model saw the files' secrets as placeholders: each goes back to the secret it stands for
    boolean placeholders = (hasDiff && SecretPlaceholders.mayHold(unifiedDiff))
        || edits.stream().anyMatch(e -> SecretPlaceholders.mayHold(e.getSearch()) || SecretPlaceholders.mayHold(e.getReplace()));
    UnaryOperator<String> restore = placeholders ? secrets.restorer(currentTexts(workspace, touched)) : UnaryOperator.identity();
    List<Edit> normalized = new ArrayList<>(edits.size());
    for (int i = 0; i < edits.size(); i++) {
      Edit edit = edits.get(i);
      normalized.add(Edit.newBuilder(edit).setPath(editPaths.get(i))
          .setSearch(restore.apply(edit.getSearch())).setReplace(restore.apply(edit.getReplace())).build());
    }
    if (diff != null && placeholders) {
      String restored = restore.apply(unifiedDiff);
      if (!restored.equals(unifiedDiff)) diff = UnifiedDiff.parse(restored);
    }

    ObjectId before = workspace.headCommit().getId();
    try {
      Map<String, String> contents = SearchReplace.apply(normalized, path -> read(workspace.dir().resolve(path), path));
      for (Map.Entry<String, String> file : contents.entrySet()) write(workspace.dir().resolve(file.getKey()), file.getKey(), file.getValue());
      if (diff != null) diff.applyTo(workspace.git(), new WorkspaceFiles(workspace));
      return touched;
    } catch (RuntimeException e) {
      workspace.resetHard(before);
      throw e;
    }
  }

  /** The text of each of {@code paths} that is a UTF-8 file now (a new, binary or unreadable file holds no secret to put back). */
  private static List<String> currentTexts(Workspace workspace, SortedSet<String> paths) {
    List<String> texts = new ArrayList<>();
    for (String path : paths) {
      try {
        read(workspace.dir().resolve(path), path).ifPresent(texts::add);
      } catch (EditRejectedException e) {
        // not text: nothing in it was shown as a placeholder
      }
    }
    return texts;
  }

  /** The policy-checked path, normalised to git's form (so {@code ./a} and {@code a} are one file). */
  private static String repoPath(Workspace workspace, String path) {
    Path file = workspace.paths().resolve(path);
    return workspace.dir().relativize(file).toString().replace('\\', '/');
  }

  /** The workspace's files for the diff, each path through the workspace's path policy again. */
  private record WorkspaceFiles(Workspace workspace) implements UnifiedDiff.Files {
    @Override
    public Optional<String> read(String path) {
      return EditApplier.read(workspace.paths().resolve(path), path);
    }

    @Override
    public void write(String path, Optional<String> content) {
      Path file = workspace.paths().resolve(path);
      if (content.isPresent()) {
        EditApplier.write(file, path, content.get());
        return;
      }
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new EditRejectedException("cannot delete " + path + ": " + e.getMessage(), e);
      }
    }

    @Override
    public UnifiedDiff.Snapshot snapshot(String path) {
      Path file = workspace.paths().resolve(path);
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return UnifiedDiff.Snapshot.ABSENT;
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return UnifiedDiff.Snapshot.NOT_A_FILE;
      try {
        return new UnifiedDiff.Snapshot(false, Files.readAllBytes(file));
      } catch (IOException e) {
        throw new EditRejectedException("cannot read " + path + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void restore(String path, UnifiedDiff.Snapshot snapshot) {
      Path file = workspace.paths().resolve(path);
      try {
        if (snapshot.absent()) {
          Files.deleteIfExists(file);
        } else if (snapshot.bytes() != null) {
          Files.write(file, snapshot.bytes());
        }
      } catch (IOException e) {
        throw new EditRejectedException("cannot restore " + path + " after a failed git apply: " + e.getMessage(), e);
      }
    }
  }

  private static Optional<String> read(Path file, String path) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
    if (!Files.isRegularFile(file)) throw new EditRejectedException("cannot edit " + path + ": it is not a regular file");
    try {
      return Optional.of(Files.readString(file));
    } catch (CharacterCodingException e) {
      throw new EditRejectedException("cannot edit " + path + ": it is not UTF-8 text", e);
    } catch (IOException e) {
      throw new EditRejectedException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path file, String path, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new EditRejectedException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
