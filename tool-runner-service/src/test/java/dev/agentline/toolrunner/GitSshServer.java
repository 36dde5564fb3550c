package dev.agentline.toolrunner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real git server over ssh (Apache MINA sshd running JGit's upload-pack and receive-pack) for
 * one bare repository at {@code ssh://git@127.0.0.1:<port>/repo.git}; it accepts one public key.
 */
public final class GitSshServer implements AutoCloseable {
  private final SshServer server;
  private final Path repository;

  public GitSshServer(Path bareRepository, PublicKey allowedKey, Path hostKeyFile) throws IOException {
    this.repository = bareRepository;
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKeyFile));
    server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, allowedKey));
    server.setCommandFactory((channel, command) -> new GitCommand(command));
    server.start();
  }

  public String url() {
    return "ssh://git@127.0.0.1:" + server.getPort() + "/repo.git";
  }

  /** The known_hosts line for this server's host key. */
  public String knownHostsLine() throws IOException, GeneralSecurityException {
    PublicKey hostKey = server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
    return "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey);
  }

  /** A new client key pair, its private half written to {@code file} in OpenSSH format. */
  public static KeyPair newClientKey(Path file) throws IOException, GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair pair = generator.generateKeyPair();
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "agentline-test", null, out);
    }
    return pair;
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }

  private final class GitCommand implements Command {
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    GitCommand(String command) {
      this.command = command;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread thread = new Thread(this::serve, "git-ssh-" + command);
      thread.setDaemon(true);
      thread.start();
    }

    private void serve() {
      int status = 0;
      try (Repository repo = new FileRepositoryBuilder().setGitDir(repository.toFile()).setMustExist(true).build()) {
        if (command.startsWith("git-upload-pack")) new UploadPack(repo).upload(in, out, err);
        else if (command.startsWith("git-receive-pack")) new ReceivePack(repo).receive(in, out, err);
        else status = 127;
        out.flush();
      } catch (IOException | RuntimeException e) {
        status = 1;
      }
      exit.onExit(status);
    }

    @Override
    public void destroy(ChannelSession channel) {}

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }
  }

}
