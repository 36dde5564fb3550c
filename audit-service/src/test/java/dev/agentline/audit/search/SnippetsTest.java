package dev.agentline.audit.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnippetsTest {

  @Test
  void marksBecomeBoldAndEverythingElseIsEscaped() {
    String marked = "run " + Snippets.START + "tests" + Snippets.STOP + " & <img src=x onerror='a()'> \"done\"";

    assertThat(Snippets.html(marked)).isEqualTo("run <b>tests</b> &amp; &lt;img src=x onerror=&#39;a()&#39;&gt; &quot;done&quot;");
  }

  @Test
  void anglesHiddenFromTheHeadlineComeBackEscaped() {
    String marked = Snippets.LT + "script" + Snippets.GT + "alert(1)" + Snippets.LT + "/script" + Snippets.GT;

    assertThat(Snippets.html(marked)).isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void unbalancedMarksNeverLeaveATagOpen() {
    assertThat(Snippets.html(Snippets.START + "a" + Snippets.START + "b")).isEqualTo("<b>ab</b>");
    assertThat(Snippets.html(Snippets.STOP + "a")).isEqualTo("a");
    assertThat(Snippets.html(null)).isEmpty();
  }
}
