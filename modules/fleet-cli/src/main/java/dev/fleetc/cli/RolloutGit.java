package dev.fleetc.cli;

import dev.fleetc.cli.status.RolloutGate;
import dev.fleetc.compiler.upgrades.RolloutStateJson;
import dev.fleetc.model.RolloutState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The git repository that holds the fleet file, read and committed through JGit: which commit
 * promoted each cluster (the first one whose {@code fleet.rollout.json} has it promoted), whether a
 * revision a GitOps engine applied descends from it, and {@code fleet rollout --commit}. What git
 * holds is read as untrusted as the state file itself.
 */
final class RolloutGit implements AutoCloseable {

  /** How far back the state file's history is read for promoting commits. */
  private static final int HISTORY = 2000;

  private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,64}");

  private final Repository repository;
  private final Path workTree;

  private RolloutGit(Repository repository) {
    this.repository = repository;
    this.workTree = repository.getWorkTree().toPath().toAbsolutePath().normalize();
  }

  /** The repository holding the fleet file, if it is in one with a work tree. */
  static Optional<RolloutGit> open(Path fleetFile) {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment();
    builder.findGitDir(fleetFile.toAbsolutePath().getParent().toFile());
    if (builder.getGitDir() == null) {
      return Optional.empty();
    }
    try {
      Repository repository = builder.build();
      if (repository.isBare()) {
        repository.close();
        return Optional.empty();
      }
      return Optional.of(new RolloutGit(repository));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A path inside the work tree, in git's form, or empty when it is outside. */
  Optional<String> relative(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    if (!absolute.startsWith(workTree) || absolute.equals(workTree)) {
      return Optional.empty();
    }
    return Optional.of(workTree.relativize(absolute).toString().replace('\\', '/'));
  }

  /**
   * For each of {@code clusters}, the oldest commit reachable from HEAD whose state file records it
   * promoted in the rollout that started at {@code startedAt}: the commit that promoted it. A
   * cluster whose promotion is not committed yet has none.
   */
  Map<String, String> promotingCommits(Path stateFile, String startedAt, Set<String> clusters) {
    Map<String, String> found = new HashMap<>();
    Optional<String> path = relative(stateFile);
    if (path.isEmpty()) {
      return found;
    }
    try (Git git = Git.wrap(repository)) {
      ObjectId head = repository.resolve("HEAD");
      if (head == null) {
        return found;
      }
      for (RevCommit commit : git.log().add(head).addPath(path.get()).setMaxCount(HISTORY).call()) {
        Optional<RolloutState> state = stateAt(commit, path.get());
        RolloutState.Run run = state.map(RolloutState::rollout).orElse(null);
        if (run == null || !run.startedAt().equals(startedAt)) {
          break; // an older rollout, or none: nothing before it promoted this one
        }
        boolean any = false;
        for (String cluster : clusters) {
          if (run.promoted(cluster)) {
            found.put(cluster, commit.name()); // newest first: the last one kept is the oldest
            any = true;
          }
        }
        if (!any) {
          break;
        }
      }
    } catch (IOException | GitAPIException | RuntimeException e) {
      // an unreadable history leaves the promotions without a commit: their gates wait
    }
    return found;
  }

  private Optional<RolloutState> stateAt(RevCommit commit, String path) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
      if (walk == null) {
        return Optional.empty();
      }
      byte[] bytes = repository.open(walk.getObjectId(0)).getBytes(RolloutStateJson.MAX_BYTES);
      return Optional.of(RolloutStateJson.read(new String(bytes, StandardCharsets.UTF_8)));
    } catch (RolloutStateJson.InvalidStateException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether a revision a GitOps engine reports ({@code main@sha1:abc…}, {@code abc…}) is {@code
   * commit} or a descendant of it in this repository; false when git does not know it.
   */
  RolloutGate.Ancestry ancestry() {
    return (applied, commit) -> {
      String sha =
          applied.substring(Math.max(applied.lastIndexOf(':'), applied.lastIndexOf('@')) + 1);
      if (!SHA.matcher(sha).matches() || commit == null || !SHA.matcher(commit).matches()) {
        return false;
      }
      try (RevWalk walk = new RevWalk(repository)) {
        ObjectId appliedId = repository.resolve(sha);
        ObjectId commitId = repository.resolve(commit);
        if (appliedId == null || commitId == null) {
          return false;
        }
        return walk.isMergedInto(walk.parseCommit(commitId), walk.parseCommit(appliedId));
      } catch (IOException | RuntimeException e) {
        return false;
      }
    };
  }

  /**
   * Commits these paths (files or folders inside the work tree: additions, changes and removals)
   * and nothing else that may be staged.
   *
   * @return the new commit's id
   */
  String commit(List<Path> paths, String message) throws IOException {
    try (Git git = Git.wrap(repository)) {
      var commit = git.commit().setMessage(message).setSign(false).setAllowEmpty(false);
      for (Path path : paths) {
        String relative =
            relative(path)
                .orElseThrow(
                    () -> new IOException(path + " is outside the git work tree " + workTree));
        git.add().addFilepattern(relative).call();
        git.add().setUpdate(true).addFilepattern(relative).call();
        commit.setOnly(relative);
      }
      return commit.call().name();
    } catch (GitAPIException | RuntimeException e) {
      throw new IOException("git commit failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    repository.close();
  }
}
