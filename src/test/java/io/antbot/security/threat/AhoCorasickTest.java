package io.antbot.security.threat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AhoCorasickTest {

  @Test
  @DisplayName("reports exactly the patterns that occur, overlapping and nested ones included")
  void findsOverlappingPatterns() {
    AhoCorasick automaton =
        new AhoCorasick(List.of("he", "she", "his", "hers", "<script"), new int[] {0, 1, 2, 3, 4});
    long[] found = new long[1];
    automaton.scan("ushers", found);
    assertThat(found[0]).isEqualTo(0b01011L);
    long[] none = new long[1];
    automaton.scan("<scrip t", none);
    assertThat(none[0]).isZero();
  }

  @Test
  @DisplayName("agrees with String.contains on random texts")
  void agreesWithContains() {
    Random random = new Random(7);
    List<String> patterns = List.of("ab", "abc", "bca", "cab", "aaa", "c", "bb", "acbac");
    int[] tags = {0, 1, 2, 3, 4, 5, 6, 7};
    AhoCorasick automaton = new AhoCorasick(patterns, tags);
    for (int round = 0; round < 2000; round++) {
      StringBuilder text = new StringBuilder();
      for (int k = random.nextInt(12); k > 0; k--) {
        text.append("abcxé".charAt(random.nextInt(5)));
      }
      long[] found = new long[1];
      automaton.scan(text.toString(), found);
      long expected = 0;
      for (int p = 0; p < patterns.size(); p++) {
        if (text.toString().contains(patterns.get(p))) {
          expected |= 1L << p;
        }
      }
      assertThat(found[0]).as(text.toString()).isEqualTo(expected);
    }
  }
}
