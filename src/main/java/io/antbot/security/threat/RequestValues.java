package io.antbot.security.threat;

import io.antbot.security.threat.InputNormalizer.Source;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Walks the values of a request for {@link ThreatScanner}: the path, query parameters (names too
 * when they are not plain), header values and odd header names, cookies one by one, and the body —
 * JSON (whatever its declared type, {@code text/plain} included) split into string values and odd
 * keys, a form split like a query, XML whole and then element by element, anything else whole.
 *
 * <p>Within limits — {@value #MAX_VALUES} values, JSON {@value #MAX_DEPTH} levels deep — unless
 * told to read everything. Where the request goes beyond a limit, {@link #overflow()} says which,
 * so that the request is refused or flagged rather than passed half read. (A long value is no
 * limit: the scanner reads it in overlapping pieces.)
 */
final class RequestValues {

  static final int MAX_VALUES = 4096;
  static final int MAX_DEPTH = 32;

  /** Where a value goes: the scanner, with where it came from. */
  interface Sink {
    void value(String raw, Source source, ScanTarget target, String location, String name);
  }

  /** A limit the request went beyond, with the HTTP status its refusal carries. */
  record Overflow(int status, String reason) {}

  private final Sink sink;
  private final Collection<String> skipHeaders;
  private final boolean everything;
  private int remaining;
  private Overflow overflow;

  /**
   * @param everything read past every limit
   */
  RequestValues(Sink sink, Collection<String> skipHeaders, boolean everything) {
    this.sink = sink;
    this.skipHeaders = skipHeaders;
    this.everything = everything;
    this.remaining = everything ? Integer.MAX_VALUE : MAX_VALUES;
  }

  /** The first limit the request went beyond, or {@code null}. */
  Overflow overflow() {
    return overflow;
  }

  void walk(RequestDescription request) {
    give(request.path(), Source.LITERAL, ScanTarget.PATH, "path", null);
    form(request.query(), ScanTarget.QUERY, "query");
    for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
      String name = header.getKey();
      if (skipHeaders.contains(name)) {
        continue;
      }
      if (!isPlainName(name)) {
        give(name, Source.LITERAL, ScanTarget.HEADER, "header-name:", shorten(name));
      }
      for (String value : header.getValue()) {
        if (name.equals("cookie")) {
          cookies(value);
        } else if (isFileNameHeader(name)) {
          // an uploaded file's name, read as the multipart form would carry it
          give("filename=\"" + value + "\"", Source.LITERAL, ScanTarget.HEADER, "header:", name);
        } else {
          give(value, Source.LITERAL, ScanTarget.HEADER, "header:", name);
          nestedJson(value, Source.LITERAL, ScanTarget.HEADER, "header:" + name);
        }
      }
    }
    body(request);
  }

  private void body(RequestDescription request) {
    String body = request.body();
    if (body.isEmpty()) {
      return;
    }
    String type = request.contentType();
    boolean json = type.startsWith("application/json") || type.contains("+json");
    boolean form = type.startsWith("application/x-www-form-urlencoded");
    if (json || !form && looksLikeJson(body)) {
      Object parsed;
      try {
        parsed = Json.decodeValue(body);
      } catch (DecodeException e) {
        give(body, Source.LITERAL, ScanTarget.BODY, "body", null);
        return;
      }
      json(parsed, "body:$", 0, ScanTarget.BODY);
    } else if (form) {
      form(body, ScanTarget.BODY, "body");
    } else if (type.contains("xml") || body.stripLeading().startsWith("<?xml")) {
      give(body, Source.LITERAL, ScanTarget.BODY, "body", null);
      xml(body);
    } else {
      give(body, Source.LITERAL, ScanTarget.BODY, "body", null);
    }
  }

  private void json(Object node, String where, int depth, ScanTarget target) {
    if (depth > MAX_DEPTH && !everything) {
      exceeded(400, "request JSON is nested deeper than " + MAX_DEPTH + " levels");
      return;
    }
    if (node instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        String key = entry.getKey();
        String child = where + "." + shorten(key);
        if (!isPlainName(key)) {
          give(key, Source.LITERAL, target, child + "(key)", null);
        }
        json(entry.getValue(), child, depth + 1, target);
      }
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        json(array.getValue(i), where + "[" + i + "]", depth + 1, target);
      }
    } else if (node instanceof String text) {
      give(text, Source.LITERAL, target, where, null);
    }
  }

  /**
   * A JSON object or array inside a query or form value, a cookie or a header ({@code
   * ?filter={"id":"1) or 1=1"}}): besides the whole value, each string in it on its own, as a JSON
   * body's, because an application that decodes it pastes those strings, not the whole text, into
   * its queries. Only a value whose first character opens an object or an array (raw or
   * percent-encoded) is parsed; a value that is not JSON stays one value.
   */
  private void nestedJson(String raw, Source source, ScanTarget target, String location) {
    int first = 0;
    while (first < raw.length() && (raw.charAt(first) == ' ' || raw.charAt(first) == '+')) {
      first++;
    }
    if (first >= raw.length()) {
      return;
    }
    char c = raw.charAt(first);
    boolean opens =
        c == '{'
            || c == '['
            || source == Source.FORM
                && c == '%'
                && raw.length() > first + 2
                && (raw.charAt(first + 1) == '7' && (raw.charAt(first + 2) | 0x20) == 'b'
                    || raw.charAt(first + 1) == '5' && (raw.charAt(first + 2) | 0x20) == 'b');
    if (!opens) {
      return;
    }
    String text =
        source == Source.FORM ? InputNormalizer.urlDecode(raw, true).strip() : raw.strip();
    if (!jsonShaped(text)) {
      return;
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(text);
    } catch (DecodeException notJson) {
      return;
    }
    json(parsed, location + "$", 0, target);
  }

  /**
   * An XML body, after it was read whole (markup, entity declarations): each element's text, each
   * CDATA section and each attribute value on its own, as a WAF reads XML, so that a shape that
   * must open a value ({@code 1;select passwd}) is seen in an element too. Not a parser: a linear
   * walk from bracket to bracket; comments and declarations are left to the whole-body reading.
   */
  private void xml(String body) {
    int n = body.length();
    int i = 0;
    while (i < n && overflow == null) {
      int open = body.indexOf('<', i);
      xmlText(body, i, open < 0 ? n : open);
      if (open < 0) {
        return;
      }
      if (body.startsWith("<![CDATA[", open)) {
        int close = body.indexOf("]]>", open + 9);
        xmlText(body, open + 9, close < 0 ? n : close);
        i = close < 0 ? n : close + 3;
      } else if (body.startsWith("<!--", open)) {
        int close = body.indexOf("-->", open + 4);
        i = close < 0 ? n : close + 3;
      } else {
        int close = body.indexOf('>', open + 1);
        int end = close < 0 ? n : close;
        if (open + 1 < n && body.charAt(open + 1) != '!' && body.charAt(open + 1) != '?') {
          xmlAttributes(body, open + 1, end);
        }
        i = end + 1;
      }
    }
  }

  private void xmlText(String body, int from, int to) {
    String text = body.substring(from, to).strip();
    if (!text.isEmpty()) {
      give(text, Source.LITERAL, ScanTarget.BODY, "body:xml", null);
    }
  }

  /** The quoted values of one tag's attributes, {@code from} after its bracket to {@code to}. */
  private void xmlAttributes(String body, int from, int to) {
    int i = from;
    while (i < to) {
      int eq = body.indexOf('=', i);
      if (eq < 0 || eq + 1 >= to) {
        return;
      }
      char quote = body.charAt(eq + 1);
      if (quote != '"' && quote != '\'') {
        i = eq + 1;
        continue;
      }
      int close = body.indexOf(quote, eq + 2);
      if (close < 0 || close > to) {
        return;
      }
      xmlText(body, eq + 2, close);
      i = close + 1;
    }
  }

  /** {@code a=1&b=2}: values handed over raw (the normaliser decodes them), odd names too. */
  private void form(String form, ScanTarget target, String prefix) {
    int start = 0;
    while (start < form.length()) {
      int end = form.indexOf('&', start);
      if (end < 0) {
        end = form.length();
      }
      if (end > start) {
        int eq = form.indexOf('=', start);
        boolean hasValue = eq >= 0 && eq < end;
        String rawName = form.substring(start, hasValue ? eq : end);
        String name = InputNormalizer.urlDecode(rawName, true);
        if (!isPlainName(name)) {
          give(rawName, Source.FORM, target, prefix + "-name:" + shorten(name), null);
        } else if (!hasValue) {
          count();
        }
        if (hasValue) {
          String value = form.substring(eq + 1, end);
          give(value, Source.FORM, target, prefix + ":" + shorten(name), null);
          nestedJson(value, Source.FORM, target, prefix + ":" + shorten(name));
        }
      }
      start = end + 1;
    }
  }

  /** {@code Cookie: a=1; b=2}: each value, and each name that is not plain. */
  private void cookies(String header) {
    for (String pair : header.split(";")) {
      String cookie = pair.strip();
      int eq = cookie.indexOf('=');
      String name = eq < 0 ? cookie : cookie.substring(0, eq);
      if (!isPlainName(name)) {
        give(name, Source.FORM, ScanTarget.COOKIE, "cookie-name:", shorten(name));
      }
      if (eq >= 0) {
        String value = cookie.substring(eq + 1);
        give(value, Source.FORM, ScanTarget.COOKIE, "cookie:", shorten(name));
        nestedJson(value, Source.FORM, ScanTarget.COOKIE, "cookie:" + shorten(name));
      }
    }
  }

  private void give(String raw, Source source, ScanTarget target, String location, String name) {
    if (raw.isEmpty()) {
      return;
    }
    if (!count()) {
      return;
    }
    sink.value(raw, source, target, location, name);
  }

  /** Takes one value from the budget; false when it is spent. */
  private boolean count() {
    if (remaining <= 0) {
      exceeded(413, "request has more than " + MAX_VALUES + " values");
      return false;
    }
    remaining--;
    return true;
  }

  private void exceeded(int status, String reason) {
    if (overflow == null) {
      overflow = new Overflow(status, reason);
    }
  }

  /**
   * Whether {@code text} opens and closes as a JSON object or array, with what JSON allows after
   * the opening bracket — so that an IPv6 literal ({@code [::1]}) or a bracketed word is not handed
   * to the parser, whose refusal is an exception.
   */
  private static boolean jsonShaped(String text) {
    if (text.length() < 2) {
      return false;
    }
    char open = text.charAt(0);
    char close = text.charAt(text.length() - 1);
    if (!(open == '{' && close == '}' || open == '[' && close == ']')) {
      return false;
    }
    int i = 1;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    char next = text.charAt(i);
    return open == '{'
        ? next == '"' || next == '}'
        : next == '"'
            || next == '{'
            || next == '['
            || next == ']'
            || next == '-'
            || next >= '0' && next <= '9'
            || next == 't'
            || next == 'f'
            || next == 'n';
  }

  private static boolean looksLikeJson(String body) {
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return c == '{' || c == '[';
      }
    }
    return false;
  }

  /** {@code X-Filename}, {@code X-File-Name}, {@code X_Filename}, {@code X.Filename}. */
  private static boolean isFileNameHeader(String name) {
    return name.replace("-", "").replace("_", "").replace(".", "").endsWith("filename");
  }

  /**
   * Names made of letters, digits, {@code _ - .} need no scan: no rule can match them — except
   * those that reach a JavaScript object's prototype ({@code __proto__.admin}, {@code
   * constructor.prototype}) and those that walk a Java bean to its class loader ({@code
   * class.module.classLoader.resources…}, the Spring binder's CVE-2022-22965).
   */
  static boolean isPlainName(String name) {
    if (name.contains("__")
        || name.contains("prototype")
        || name.regionMatches(true, 0, "class.", 0, 6)
        || containsClassLoader(name)) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || c == '_'
          || c == '-'
          || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code name} holds {@code classLoader}, in any case, without a lower-case copy. */
  private static boolean containsClassLoader(String name) {
    for (int i = 0; i + 11 <= name.length(); i++) {
      if ((name.charAt(i) | 0x20) == 'c' && name.regionMatches(true, i, "classloader", 0, 11)) {
        return true;
      }
    }
    return false;
  }

  private static String shorten(String name) {
    return name.length() > 64 ? name.substring(0, 64) + "..." : name;
  }
}
