package dev.agentline.audit.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnippetsTest {

  @Test
  void marksTheWordsWhoseStemIsALexemeOfTheQuery() {
    // websearch_to_tsquery('english', '"tests failed"')
    Snippets snippets = new Snippets("'test' <-> 'fail'");

    assertThat(snippets.html("3 Tests FAILED while testing; one failure, attested"))
        .isEqualTo("3 <b>Tests</b> <b>FAILED</b> while <b>testing</b>; one failure, attested");
  }

  @Test
  void everythingButTheMarksIsEscaped() {
    Snippets snippets = new Snippets("'fix'");

    assertThat(snippets.html("Fix the page: <script>alert('owned')</script> & \"quotes\""))
        .isEqualTo("<b>Fix</b> the page: &lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;");
  }

  @Test
  void aLexemeWithOtherCharactersIsMarkedWhereItStandsAlone() {
    Snippets snippets = new Snippets("'src/main/foo.java' & 'dev@example.com'");

    assertThat(snippets.html("edited src/main/Foo.java, not src/main/Foo.javax; mailed dev@example.com"))
        .isEqualTo("edited <b>src/main/Foo.java</b>, not src/main/Foo.javax; mailed <b>dev@example.com</b>");
  }

  @Test
  void aFragmentIsChosenAroundALexemeWithOtherCharactersToo() {
    String text = words("w", 0, 100) + " see src/main/Foo.java " + words("x", 0, 100) + " and src/main/Foo.java";

    String html = new Snippets("'src/main/foo.java'").html(text);

    assertThat(html).startsWith("w97 w98 w99 see <b>src/main/Foo.java</b> x0").endsWith("and <b>src/main/Foo.java</b>");
  }

  @Test
  void wordsInsidePathsAndDottedNamesAreNotWordsOfTheirOwn() {
    Snippets snippets = new Snippets("'test' & 'retri'");

    assertThat(snippets.html("see src/test/java/RetryTest.java and retry.amount(); the test retries."))
        .isEqualTo("see src/test/java/RetryTest.java and retry.amount(); the <b>test</b> <b>retries</b>.");
  }

  @Test
  void aHyphenatedWordHasItsPartsMarked() {
    // websearch_to_tsquery('english', '"rounds half-cent amounts"')
    Snippets snippets = new Snippets("'round' <-> 'half-cent' <-> 'half' <-> 'cent' <-> 'amount'");

    assertThat(snippets.html("it rounds half-cent amounts down")).isEqualTo("it <b>rounds</b> <b>half</b>-<b>cent</b> <b>amounts</b> down");
  }

  @Test
  void quotesInALexemeAndWordsBeyondAsciiAreRead() {
    Snippets snippets = new Snippets("'café' & 'naïv' & 'it''s'");

    assertThat(snippets.html("a naïve café, it's late")).isEqualTo("a <b>naïve</b> <b>café</b>, <b>it&#39;s</b> late");
  }

  @Test
  void aFragmentShowsAtMostMaxWordsStartingAFewWordsBeforeItsMatch() {
    String text = words("w", 0, 100) + " needle " + words("x", 0, 100);

    String html = new Snippets("'needl'").html(text);

    assertThat(html).startsWith("w96 w97 w98 w99 <b>needle</b> x0").doesNotContain(" … ");
    assertThat(html.split(" ")).hasSize(Snippets.MAX_WORDS);
  }

  @Test
  void aFragmentTakesThePunctuationAroundItsWordsButNotAHugeWord() {
    assertThat(new Snippets("'done'").html("(\"done\"), said " + "z".repeat(100))).startsWith("(&quot;<b>done</b>&quot;), said zzz");

    String html = new Snippets("'needl'").html("x".repeat(5_000) + " needle " + "y".repeat(5_000));

    assertThat(html).contains(" <b>needle</b> ");
    assertThat(html.length()).isLessThanOrEqualTo(Snippets.MAX_CHARS + "<b></b>".length());
  }

  @Test
  void twoFragmentsInTextOrderTheOneWithMoreOfTheQuerysWordsFirstChosen() {
    // refund alone early, refund with coupon in the middle, refund alone late: the middle and the earliest show
    String text = words("a", 0, 10) + " refund " + words("b", 0, 60) + " refund coupon " + words("c", 0, 60) + " refund late "
        + words("d", 0, 10);

    String html = new Snippets("'refund' & 'coupon'").html(text);

    String[] fragments = html.split(" … ");
    assertThat(fragments).hasSize(Snippets.MAX_FRAGMENTS);
    assertThat(fragments[0]).contains("a9 <b>refund</b> b0");
    assertThat(fragments[1]).contains("<b>refund</b> <b>coupon</b>");
    assertThat(html).doesNotContain("late");
  }

  @Test
  void withoutAMatchTheFirstWordsShow() {
    String html = new Snippets("'absent'").html(words("w", 0, 50));

    assertThat(html).isEqualTo(words("w", 0, Snippets.MAX_WORDS));
    assertThat(new Snippets("'absent'").html("")).isEmpty();
    assertThat(new Snippets("'absent'").html(null)).isEmpty();
    assertThat(new Snippets("'absent'").html("  -- ")).isEmpty();
  }

  @Test
  void htmlAllMarksEveryMatchInTheWholeText() {
    String text = "test " + words("w", 0, 80) + " tests " + words("x", 0, 80) + " tested";

    String html = new Snippets("'test'").htmlAll(text);

    assertThat(html).startsWith("<b>test</b> w0").contains("w79 <b>tests</b> x0").endsWith("x79 <b>tested</b>");
  }

  private static String words(String prefix, int from, int to) {
    List<String> words = new ArrayList<>();
    for (int i = from; i < to; i++) words.add(prefix + i);
    return String.join(" ", words);
  }
}
