package dev.agentline.toolrunner.workspace;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Authenticates every git transport (ls-remote, clone, fetch, push) to the remote it talks to:
 * the configured {@link RemoteCredential} with the longest matching URL prefix, or none (file
 * URLs and public remotes). Over ssh only the configured key is offered and the server's key
 * must be in the known-hosts file. Credentials stay in memory; nothing here logs them.
 */
public final class GitRemotes {
  public static final GitRemotes ANONYMOUS = new GitRemotes(List.of(), System::getenv);

  private final List<RemoteCredential> credentials;
  private final Function<String, String> env;
  private final ConcurrentHashMap<RemoteCredential, SshdSessionFactory> sshFactories = new ConcurrentHashMap<>();

  public GitRemotes(List<RemoteCredential> credentials, Function<String, String> env) {
    this.credentials = credentials.stream().sorted(Comparator.comparingInt((RemoteCredential c) -> c.urlPrefix().length()).reversed()).toList();
    this.env = env;
  }

  /** The command, set up to authenticate to {@code uri}. */
  public <C extends TransportCommand<C, ?>> C authorize(C command, String uri) {
    Optional<RemoteCredential> credential = credentials.stream().filter(c -> c.matches(uri)).findFirst();
    if (credential.isEmpty()) return command;
    RemoteCredential c = credential.get();
    String token = c.resolveToken(env);
    if (token != null) command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(c.username(), token));
    if (c.sshKey() != null) {
      SshdSessionFactory factory = sshFactories.computeIfAbsent(c, GitRemotes::sshFactory);
      command.setTransportConfigCallback(transport -> {
        if (transport instanceof SshTransport ssh) ssh.setSshSessionFactory(factory);
      });
    }
    return command;
  }

  private static SshdSessionFactory sshFactory(RemoteCredential c) {
    Path home = Path.of(System.getProperty("user.home"));
    Path knownHosts = c.knownHosts() != null ? c.knownHosts() : home.resolve(".ssh").resolve("known_hosts");
    return new SshdSessionFactoryBuilder()
        .setHomeDirectory(home.toFile())
        .setSshDirectory(c.sshKey().toAbsolutePath().getParent().toFile())
        .setDefaultIdentities(dir -> List.of(c.sshKey().toAbsolutePath()))
        .setDefaultKnownHostsFiles(dir -> List.of(knownHosts.toAbsolutePath()))
        .setConfigFile(dir -> null)
        .build(null);
  }
}
