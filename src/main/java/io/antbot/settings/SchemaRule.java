package io.antbot.settings;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One rule of {@code conf/schema.yaml}: what the value at a path may be.
 *
 * @param path the rule's path as written: dotted, {@code *} for any map key, {@code []} for list
 *     items
 * @param segments the path split into segments, a list item being the segment {@code []}
 * @param type the required type, or {@code null} for any
 * @param required whether the key must be present (and not null) after merging
 * @param min lower bound: the value of a number, the length of a string, the size of a list; or
 *     {@code null}
 * @param max upper bound, same meaning; or {@code null}
 * @param allowed the allowed values ({@code enum}), or {@code null}
 * @param pattern a regular expression a string must match in full, or {@code null}
 * @param secret {@code true} masks the value; {@code false} states it is not secret even if its
 *     name looks so; {@code null} when the rule does not say (the name decides)
 * @param live whether a change applies without a restart
 * @param override {@code false} when a runtime override (set, unset, revert) may not change the
 *     key: it decides where state is kept or which file is read at start, and is set only by the
 *     files, the environment, system properties or the command line
 * @param defaultValue the documented default, or {@code null}
 * @param description one line for the reference, or {@code null}
 * @param location {@code schema.yaml:line} of the rule
 */
public record SchemaRule(
    String path,
    List<String> segments,
    ValueType type,
    boolean required,
    Double min,
    Double max,
    List<Object> allowed,
    Pattern pattern,
    Boolean secret,
    boolean live,
    boolean override,
    Object defaultValue,
    String description,
    String location,
    String format) {

  public static final String ANY_KEY = "*";
  public static final String ITEM = "[]";

  public SchemaRule {
    segments = List.copyOf(segments);
    allowed = allowed == null ? null : List.copyOf(allowed);
  }

  /** Whether this rule applies to the concrete {@code path} (list items as {@value #ITEM}). */
  public boolean matches(List<String> path) {
    return matches(segments, path);
  }

  /** Whether the rule segments {@code pattern} match the concrete {@code path}. */
  public static boolean matches(List<String> pattern, List<String> path) {
    if (path.size() != pattern.size()) {
      return false;
    }
    for (int i = 0; i < pattern.size(); i++) {
      String mine = pattern.get(i);
      String theirs = path.get(i);
      boolean ok = ANY_KEY.equals(mine) ? !ITEM.equals(theirs) : mine.equals(theirs);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** How many {@code *} the rule has; fewer is more specific. */
  public int wildcards() {
    return (int) segments.stream().filter(ANY_KEY::equals).count();
  }

  /** Splits {@code bots[].class} into {@code [bots, [], class]}. */
  public static List<String> split(String path) {
    List<String> parts = new java.util.ArrayList<>();
    for (String token : path.split("\\.")) {
      String name = token;
      int items = 0;
      while (name.endsWith(ITEM)) {
        name = name.substring(0, name.length() - ITEM.length());
        items++;
      }
      parts.add(name);
      for (int i = 0; i < items; i++) {
        parts.add(ITEM);
      }
    }
    return parts;
  }

  /** Joins segments back: {@code [bots, [], class]} → {@code bots[].class}. */
  public static String join(List<String> segments) {
    StringBuilder text = new StringBuilder();
    for (String segment : segments) {
      if (!ITEM.equals(segment) && text.length() > 0) {
        text.append('.');
      }
      text.append(segment);
    }
    return text.toString();
  }
}
