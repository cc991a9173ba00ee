package io.antbot.security.threat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-pattern literal matcher (Aho–Corasick) compiled into a dense automaton: one table lookup
 * per input character, whatever the number of patterns, and no allocation while scanning.
 *
 * <p>Patterns are ASCII and matched as given (callers lower-case both sides). Each pattern carries
 * an integer tag — here the index of the rule it guards — and a scan reports the set of tags whose
 * pattern occurs in the text. Characters that occur in no pattern share one column of the table, so
 * the table stays small: states × (distinct pattern characters + 1).
 *
 * <p>Immutable and thread-safe once built.
 */
final class AhoCorasick {

  private final int[] columnOf = new int[128];
  private final int columns;
  private final int[] next;
  private final int[][] tagsOf;

  /**
   * @param patterns non-empty ASCII strings; {@code tags[i]} is reported when {@code patterns[i]}
   *     occurs
   */
  AhoCorasick(List<String> patterns, int[] tags) {
    int column = 1;
    for (String pattern : patterns) {
      for (int k = 0; k < pattern.length(); k++) {
        char c = pattern.charAt(k);
        if (c >= 128) {
          throw new IllegalArgumentException("not ASCII: " + pattern);
        }
        if (columnOf[c] == 0) {
          columnOf[c] = column++;
        }
      }
    }
    columns = column;
    List<int[]> trie = new ArrayList<>();
    List<List<Integer>> outputs = new ArrayList<>();
    trie.add(new int[columns]);
    outputs.add(new ArrayList<>());
    for (int p = 0; p < patterns.size(); p++) {
      String pattern = patterns.get(p);
      if (pattern.isEmpty()) {
        throw new IllegalArgumentException("empty pattern");
      }
      int state = 0;
      for (int k = 0; k < pattern.length(); k++) {
        int col = columnOf[pattern.charAt(k)];
        int to = trie.get(state)[col];
        if (to == 0) {
          to = trie.size();
          trie.add(new int[columns]);
          outputs.add(new ArrayList<>());
          trie.get(state)[col] = to;
        }
        state = to;
      }
      outputs.get(state).add(tags[p]);
    }
    // Breadth-first: each state's failure link is the longest proper suffix that is also a trie
    // path; missing
    // transitions are filled from it, which turns the trie into a complete automaton.
    int states = trie.size();
    int[] fail = new int[states];
    next = new int[states * columns];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int col = 0; col < columns; col++) {
      int to = trie.get(0)[col];
      next[col] = to;
      if (to != 0) {
        queue.add(to);
      }
    }
    while (!queue.isEmpty()) {
      int state = queue.poll();
      outputs.get(state).addAll(outputs.get(fail[state]));
      for (int col = 0; col < columns; col++) {
        int to = trie.get(state)[col];
        if (to != 0) {
          fail[to] = next[fail[state] * columns + col];
          next[state * columns + col] = to;
          queue.add(to);
        } else {
          next[state * columns + col] = next[fail[state] * columns + col];
        }
      }
    }
    tagsOf = new int[states][];
    for (int s = 0; s < states; s++) {
      List<Integer> out = outputs.get(s);
      tagsOf[s] =
          out.isEmpty() ? null : out.stream().mapToInt(Integer::intValue).distinct().toArray();
    }
    // Each entry holds the target state shifted left by one, its lowest bit set when the target
    // reports tags:
    // the scan loop then touches the tag table only on a hit.
    for (int k = 0; k < next.length; k++) {
      int to = next[k];
      next[k] = (to << 1) | (tagsOf[to] != null ? 1 : 0);
    }
  }

  /**
   * Sets bit {@code tag} of {@code found} (a bit set as longs) for every pattern occurring in
   * {@code text}.
   */
  void scan(String text, long[] found) {
    int state = 0;
    int[] table = next;
    int[] columnOf = this.columnOf;
    int width = columns;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      int entry = table[state * width + (c < 128 ? columnOf[c] : 0)];
      state = entry >>> 1;
      if ((entry & 1) != 0) {
        for (int tag : tagsOf[state]) {
          found[tag >>> 6] |= 1L << tag;
        }
      }
    }
  }

  int states() {
    return tagsOf.length;
  }

  @Override
  public String toString() {
    return "AhoCorasick[states=" + tagsOf.length + ", columns=" + columns + "]";
  }
}
