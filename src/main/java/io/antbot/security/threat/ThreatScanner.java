package io.antbot.security.threat;

import io.antbot.security.threat.InputNormalizer.Normalized;
import io.antbot.security.threat.InputNormalizer.Source;
import io.antbot.security.threat.ScanResult.Match;
import io.antbot.security.threat.ThreatRuleSet.CompiledRule;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A web-application-firewall style scanner: it normalises each value of a request (see {@link
 * InputNormalizer}), finds in one Aho–Corasick pass which rules have an anchor in it, runs only
 * those rules, and adds up the scores of the rules that match (OWASP CRS anomaly scoring: each rule
 * counts once per request). A clean value therefore costs one normalisation and one automaton pass,
 * whatever the number of rules. In a request scan, a value found clean lately costs a lookup
 * instead ({@link CleanValues}): clients repeat most of their headers on every request.
 *
 * <p>What is scanned in a request: the raw path, every query parameter value (and odd parameter
 * names such as {@code user[$ne]}), every header value except {@link ThreatOptions#skipHeaders()},
 * and the body — split into its string values and keys when it is JSON or a form, whole otherwise.
 * Each value is cut at {@link ThreatOptions#maxValueLength()} characters.
 *
 * <p>Thread-safe; {@link #update(ThreatOptions)} swaps the compiled rules atomically, scans in
 * flight finish with the rules they started with.
 */
public final class ThreatScanner {

  private static final int MAX_VALUES = 4096;
  private static final int MAX_JSON_DEPTH = 32;

  private record State(
      ThreatOptions options, ThreatRuleSet rules, InputNormalizer normalizer, CleanValues clean) {}

  private volatile State state;

  /**
   * @throws IllegalArgumentException listing every problem when {@code options} do not validate
   */
  public ThreatScanner(ThreatOptions options) {
    this.state = compile(options);
  }

  /** Applies new options (live): new threshold, mode, paranoia level, extra and disabled rules. */
  public void update(ThreatOptions options) {
    this.state = compile(options);
  }

  public ThreatOptions options() {
    return state.options();
  }

  /** The rules in force after paranoia level and disabled rules, in evaluation order. */
  public List<ThreatRule> rules() {
    List<ThreatRule> rules = new ArrayList<>();
    for (CompiledRule rule : state.rules().rules) {
      rules.add(rule.rule());
    }
    return rules;
  }

  private static State compile(ThreatOptions options) {
    List<String> problems = options.validate();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new State(
        options,
        ThreatRuleSet.of(options),
        new InputNormalizer(options.maxDecodePasses()),
        new CleanValues());
  }

  /** Scans one value on its own (every rule applies, location {@code input}). */
  public ScanResult scan(String value) {
    State current = state;
    if (!current.options().enabled()) {
      return ScanResult.clean(current.options().threshold());
    }
    Match[] found = new Match[current.rules().rules.length];
    scanValue(current, value, Source.UNKNOWN, ScanTarget.VALUE, "input", null, found);
    return verdict(current, found);
  }

  /** Scans a whole request. */
  public ScanResult scan(RequestDescription request) {
    State current = state;
    if (!current.options().enabled()) {
      return ScanResult.clean(current.options().threshold());
    }
    Match[] found = new Match[current.rules().rules.length];
    int[] budget = {MAX_VALUES};
    remembered(current, request.path(), Source.LITERAL, ScanTarget.PATH, "path", null, found);
    scanForm(current, request.query(), ScanTarget.QUERY, "query", found, budget);
    for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
      if (current.options().skipHeaders().contains(header.getKey())) {
        continue;
      }
      boolean fileName = isFileNameHeader(header.getKey());
      for (String value : header.getValue()) {
        if (budget[0]-- > 0) {
          // an uploaded file's name read as the multipart form would carry it
          String scanned = fileName ? "filename=\"" + value + "\"" : value;
          remembered(
              current,
              scanned,
              Source.LITERAL,
              ScanTarget.HEADER,
              "header:",
              header.getKey(),
              found);
        }
      }
    }
    scanBody(current, request, found, budget);
    return verdict(current, found);
  }

  private void scanBody(State current, RequestDescription request, Match[] found, int[] budget) {
    String body = request.body();
    if (body.isEmpty()) {
      return;
    }
    String type = request.contentType();
    if (type.startsWith("application/json") || type.contains("+json")) {
      Object parsed;
      try {
        parsed = Json.decodeValue(body);
      } catch (DecodeException e) {
        remembered(current, body, Source.LITERAL, ScanTarget.BODY, "body", null, found);
        return;
      }
      scanJson(current, parsed, "body:$", 0, found, budget);
    } else if (type.startsWith("application/x-www-form-urlencoded")) {
      scanForm(current, body, ScanTarget.BODY, "body", found, budget);
    } else {
      remembered(current, body, Source.LITERAL, ScanTarget.BODY, "body", null, found);
    }
  }

  private void scanJson(
      State current, Object node, String where, int depth, Match[] found, int[] budget) {
    if (depth > MAX_JSON_DEPTH || budget[0] <= 0) {
      return;
    }
    if (node instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        String key = entry.getKey();
        String child = where + "." + shorten(key);
        if (!isPlainName(key) && budget[0]-- > 0) {
          remembered(current, key, Source.LITERAL, ScanTarget.BODY, child + "(key)", null, found);
        }
        scanJson(current, entry.getValue(), child, depth + 1, found, budget);
      }
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        scanJson(current, array.getValue(i), where + "[" + i + "]", depth + 1, found, budget);
      }
    } else if (node instanceof String text && budget[0]-- > 0) {
      remembered(current, text, Source.LITERAL, ScanTarget.BODY, where, null, found);
    }
  }

  /**
   * {@code a=1&b=2}: values scanned raw (the normaliser decodes them), unusual names scanned too.
   */
  private void scanForm(
      State current, String form, ScanTarget target, String prefix, Match[] found, int[] budget) {
    if (form.isEmpty()) {
      return;
    }
    int start = 0;
    while (start <= form.length() && budget[0] > 0) {
      int end = form.indexOf('&', start);
      if (end < 0) {
        end = form.length();
      }
      if (end > start) {
        int eq = form.indexOf('=', start);
        boolean hasValue = eq >= 0 && eq < end;
        String rawName = form.substring(start, hasValue ? eq : end);
        String name = InputNormalizer.urlDecode(rawName, true);
        budget[0]--;
        if (!isPlainName(name)) {
          remembered(
              current,
              rawName,
              Source.FORM,
              target,
              prefix + "-name:" + shorten(name),
              null,
              found);
        }
        if (hasValue) {
          remembered(
              current,
              form.substring(eq + 1, end),
              Source.FORM,
              target,
              prefix + ":" + shorten(name),
              null,
              found);
        }
      }
      start = end + 1;
    }
  }

  /**
   * {@link #scanValue} for a value of a request, skipped when it was found clean lately, and
   * remembered when it is clean now.
   */
  private void remembered(
      State current,
      String raw,
      Source source,
      ScanTarget target,
      String location,
      String name,
      Match[] found) {
    if (raw == null || raw.isEmpty() || current.clean().contains(raw, target, source)) {
      return;
    }
    if (scanValue(current, raw, source, target, location, name, found)) {
      current.clean().add(raw, target, source);
    }
  }

  /**
   * Scans one value; returns whether it is known to match no rule (not known when a rule it might
   * match had matched an earlier value: each rule is evaluated once per request). Its location in a
   * match is {@code location}, followed by {@code name} when there is one (joined only when a rule
   * matches).
   */
  private boolean scanValue(
      State current,
      String raw,
      Source source,
      ScanTarget target,
      String location,
      String name,
      Match[] found) {
    if (raw == null || raw.isEmpty()) {
      return true;
    }
    int max = current.options().maxValueLength();
    String value = raw.length() > max ? raw.substring(0, max) : raw;
    Normalized normalized = current.normalizer().normalize(value, source);
    ThreatRuleSet rules = current.rules();
    long[] candidates = new long[rules.words];
    rules.anchors.scan(normalized.canonical(), candidates);
    boolean twoForms = !normalized.decoded().equals(normalized.canonical());
    if (twoForms) {
      rules.anchors.scan(normalized.decoded(), candidates);
    }
    for (int index : rules.unanchored) {
      candidates[index >>> 6] |= 1L << index;
    }
    boolean clean = true;
    for (int word = 0; word < candidates.length; word++) {
      long bits = candidates[word];
      while (bits != 0) {
        int index = word * 64 + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        CompiledRule compiled = rules.rules[index];
        if (!compiled.rule().appliesTo(target)) {
          continue;
        }
        if (found[index] != null) {
          clean = false;
        } else if (matches(compiled, normalized, twoForms)) {
          ThreatRule rule = compiled.rule();
          found[index] =
              new Match(
                  rule.id(),
                  rule.category(),
                  rule.score(),
                  name == null ? location : location + name);
          clean = false;
        }
      }
    }
    return clean;
  }

  /** Whether one rule matches one normalised value; shared with the benchmark's naive baseline. */
  static boolean matches(CompiledRule compiled, Normalized normalized, boolean twoForms) {
    if (compiled.pattern() != null) {
      return compiled.pattern().matcher(normalized.canonical()).find()
          || (twoForms && compiled.pattern().matcher(normalized.decoded()).find());
    }
    return switch (compiled.detector()) {
      case SQL_TOKENS -> SqlInjectionDetector.detect(normalized.decoded()) != null;
      case HTML_TOKENS -> HtmlInjectionDetector.detect(normalized.decoded()) != null;
      case ENCODING_LAYERS -> normalized.layers() >= 2;
      case SHELL_TOKENS -> CommandInjectionDetector.detect(normalized.decoded()) != null;
      case PATH_TOKENS -> PathTraversalDetector.detect(normalized.decoded()) != null;
      case RESTRICTED_PATH -> PathTraversalDetector.detectInPath(normalized.decoded()) != null;
      case PHP_TOKENS -> PhpInjectionDetector.detect(normalized.decoded()) != null;
      case CODE_TOKENS -> CodeInjectionDetector.detect(normalized.decoded()) != null;
      case SCRIPT_CONTEXT -> ScriptContextDetector.detect(normalized.decoded()) != null;
      case SQL_FRAGMENTS -> SqlFragmentDetector.detect(normalized.decoded()) != null;
    };
  }

  private static ScanResult verdict(State current, Match[] found) {
    List<Match> matches = new ArrayList<>();
    int score = 0;
    for (Match match : found) {
      if (match != null) {
        matches.add(match);
        score += match.score();
      }
    }
    ThreatOptions options = current.options();
    boolean threat = score >= options.threshold();
    return new ScanResult(
        threat, threat && options.mode() == ThreatMode.BLOCK, score, options.threshold(), matches);
  }

  /** Names made of letters, digits, {@code _ - .} need no scan: no rule can match them. */
  private static boolean isPlainName(String name) {
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

  /** {@code X-Filename}, {@code X-File-Name}, {@code X_Filename}, {@code X.Filename}. */
  private static boolean isFileNameHeader(String name) {
    String compact = name.replace("-", "").replace("_", "").replace(".", "");
    return compact.endsWith("filename");
  }

  private static String shorten(String name) {
    return name.length() > 64 ? name.substring(0, 64) + "..." : name;
  }

  /**
   * For the benchmark and the tests in this package: the compiled rules and the normaliser in
   * force.
   */
  ThreatRuleSet ruleSet() {
    return state.rules();
  }

  InputNormalizer normalizer() {
    return state.normalizer();
  }
}
