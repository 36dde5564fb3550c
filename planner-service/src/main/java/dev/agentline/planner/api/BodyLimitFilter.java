package dev.agentline.planner.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the body of every POST/PUT/PATCH under {@code /api/} at most {@code max-body-bytes} (+1) far and applies
 * {@link BodyCheck} before any controller or JSON parser sees it: too long → 413, invalid UTF-8 or nested too deep →
 * 400, each a problem detail whose {@code errors} name the field {@code body}.
 */
@Component
class BodyLimitFilter extends OncePerRequestFilter {
  private final BodyCheck check;

  BodyLimitFilter(ApiProperties properties) {
    this.check = properties.bodyCheck();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String method = request.getMethod();
    return !request.getRequestURI().startsWith("/api/") || !(method.equals("POST") || method.equals("PUT") || method.equals("PATCH"));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    if (declared > check.maxBytes()) {
      refuse(response, check.tooLarge(declared));
      return;
    }
    byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, check.maxBytes() + 1));
    Optional<BodyCheck.Refusal> refusal = body.length > check.maxBytes() ? Optional.of(check.tooLarge(-1)) : check.problem(body);
    if (refusal.isPresent()) {
      refuse(response, refusal.get());
      return;
    }
    chain.doFilter(new ReadBody(request, body), response);
  }

  private static void refuse(HttpServletResponse response, BodyCheck.Refusal refusal) throws IOException {
    HttpStatus status = refusal.tooLarge() ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
    response.setStatus(status.value());
    response.setContentType("application/problem+json");
    response.setCharacterEncoding("UTF-8");
    String title = refusal.tooLarge() ? "Request body too large" : "Unreadable request body";
    response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status.value()
        + ",\"detail\":\"" + escape(refusal.detail()) + "\",\"errors\":[{\"field\":\"body\",\"message\":\"" + escape(refusal.detail()) + "\"}]}");
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** The request with its body already read. */
  private static final class ReadBody extends HttpServletRequestWrapper {
    private final byte[] body;

    ReadBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("synchronous reads only");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
