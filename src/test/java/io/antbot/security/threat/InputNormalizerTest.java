package io.antbot.security.threat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InputNormalizerTest {

  private final InputNormalizer normalizer = new InputNormalizer(3);

  private String canonical(String raw) {
    return normalizer.normalize(raw).canonical();
  }

  @Test
  @DisplayName("URL encoding is undone repeatedly, including %u escapes and overlong UTF-8")
  void urlDecoding() {
    assertThat(canonical("%27%20OR%201%3D1")).isEqualTo("' or 1=1");
    assertThat(canonical("%252e%252e%252f")).isEqualTo("../");
    assertThat(canonical("%u003cscript%u003e")).isEqualTo("<script>");
    assertThat(canonical("..%c0%af..%c0%af")).isEqualTo("../../");
    assertThat(normalizer.normalize("%252e%252e%252f").layers()).isEqualTo(2);
  }

  @Test
  @DisplayName("a plus is a space only where the value looks form-encoded")
  void plusSigns() {
    assertThat(canonical("1+union+select")).isEqualTo("1 union select");
    assertThat(canonical("a%27+or+1")).isEqualTo("a' or 1");
    assertThat(canonical("1 + 2")).isEqualTo("1 + 2");
  }

  @Test
  @DisplayName(
      "HTML character references, with or without semicolons, and JavaScript escapes are decoded")
  void entitiesAndEscapes() {
    assertThat(canonical("&lt;img src=x&gt;")).isEqualTo("<img src=x>");
    assertThat(canonical("&#106;&#x61;v&#0000097script&colon;")).isEqualTo("javascript:");
    assertThat(canonical("\\u0061lert(1)")).isEqualTo("alert(1)");
  }

  @Test
  @DisplayName(
      "NUL and zero-width characters go, Unicode is NFKC-folded, case is folded, white space collapsed")
  void invisibleAndUnicode() {
    assertThat(canonical("<scr\u0000ipt>")).isEqualTo("<script>");
    assertThat(canonical("SEL\u200bECT")).isEqualTo("select");
    assertThat(canonical("\uff1cSCRIPT\uff1e")).isEqualTo("<script>");
    assertThat(canonical("  a \t\t b  ")).isEqualTo("a b");
  }

  @Test
  @DisplayName(
      "SQL block comments become a space in the canonical form, MySQL executable comments keep their body")
  void sqlComments() {
    assertThat(canonical("1/**/union/**/select")).isEqualTo("1 union select");
    assertThat(canonical("1 /*!50000union*/ select")).isEqualTo("1 union select");
    assertThat(normalizer.normalize("1/**/or/**/1").decoded()).isEqualTo("1/**/or/**/1");
  }

  @Test
  @DisplayName("a line break survives as one line feed, so SQL line comments end where they should")
  void lineBreaks() {
    assertThat(canonical("-1#foo%0a%0d union")).isEqualTo("-1#foo\nunion");
  }
}
