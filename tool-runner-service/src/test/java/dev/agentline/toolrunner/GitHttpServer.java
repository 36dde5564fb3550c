package dev.agentline.toolrunner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A real git server over smart HTTP (stateless RPC, protocol v0) for one bare repository, served
 * at {@code http://127.0.0.1:<port>/repo.git}, that demands HTTP Basic authentication with one
 * user name and token, as GitHub and GitLab do for private repositories.
 */
public final class GitHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final Path repository;
  private final String expectedAuthorization;
  private final AtomicInteger refused = new AtomicInteger();

  public GitHttpServer(Path bareRepository, String user, String token) throws IOException {
    this.repository = bareRepository;
    this.expectedAuthorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/repo.git/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/repo.git";
  }

  /** How many requests were refused for missing or wrong credentials. */
  public int refused() {
    return refused.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        refused.incrementAndGet();
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String query = String.valueOf(exchange.getRequestURI().getQuery());
      try (Repository repo = new FileRepositoryBuilder().setGitDir(repository.toFile()).setMustExist(true).build()) {
        if (path.endsWith("/info/refs")) advertise(exchange, repo, query.contains("git-receive-pack") ? "git-receive-pack" : "git-upload-pack");
        else if (path.endsWith("/git-upload-pack")) uploadPack(exchange, repo);
        else if (path.endsWith("/git-receive-pack")) receivePack(exchange, repo);
        else exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private static void advertise(HttpExchange exchange, Repository repo, String service) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    PacketLineOut out = new PacketLineOut(body);
    out.writeString("# service=" + service + "\n");
    out.end();
    RefAdvertiser.PacketLineOutRefAdvertiser advertiser = new RefAdvertiser.PacketLineOutRefAdvertiser(out);
    if (service.equals("git-upload-pack")) {
      UploadPack pack = new UploadPack(repo);
      pack.setBiDirectionalPipe(false);
      pack.sendAdvertisedRefs(advertiser);
    } else {
      ReceivePack pack = new ReceivePack(repo);
      pack.setBiDirectionalPipe(false);
      pack.sendAdvertisedRefs(advertiser);
    }
    send(exchange, "application/x-" + service + "-advertisement", body.toByteArray());
  }

  private static void uploadPack(HttpExchange exchange, Repository repo) throws IOException {
    UploadPack pack = new UploadPack(repo);
    pack.setBiDirectionalPipe(false);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    pack.upload(requestBody(exchange), body, null);
    send(exchange, "application/x-git-upload-pack-result", body.toByteArray());
  }

  private static void receivePack(HttpExchange exchange, Repository repo) throws IOException {
    ReceivePack pack = new ReceivePack(repo);
    pack.setBiDirectionalPipe(false);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    pack.receive(requestBody(exchange), body, null);
    send(exchange, "application/x-git-receive-pack-result", body.toByteArray());
  }

  private static InputStream requestBody(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    return "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding")) ? new GZIPInputStream(in) : in;
  }

  private static void send(HttpExchange exchange, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", contentType);
    exchange.getResponseHeaders().add("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
