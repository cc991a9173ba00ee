package io.antbot.security.threat;

import io.antbot.security.threat.InputNormalizer.Normalized;
import io.antbot.security.threat.InputNormalizer.Source;
import io.antbot.security.threat.ScanResult.Match;
import io.antbot.security.threat.ThreatRuleSet.CompiledRule;
import java.util.ArrayList;
import java.util.List;

/**
 * A web-application-firewall style scanner: it normalises each value of a request (see {@link
 * InputNormalizer}), finds in one Aho–Corasick pass which rules have an anchor in it, runs only
 * those rules, and adds up the scores of the rules that match (OWASP CRS anomaly scoring: each rule
 * counts once per request). A clean value therefore costs one normalisation and one automaton pass,
 * whatever the number of rules. In a request scan, a value found clean lately costs a lookup
 * instead ({@link CleanValues}): clients repeat most of their headers on every request.
 *
 * <p>What is scanned in a request: see {@link RequestValues} — path, query, headers (odd names
 * too), cookies, and the body split into values when it is JSON (whatever its declared type) or a
 * form. A request beyond the limits (values, JSON depth, {@link ThreatOptions#maxValueLength()}) is
 * refused, read in full or flagged ({@link ThreatOptions#uninspectable()}), never passed half read.
 *
 * <p>Thread-safe; {@link #update(ThreatOptions)} swaps the compiled rules atomically, scans in
 * flight finish with the rules they started with.
 */
public final class ThreatScanner {

  /** The rule id a flagged request beyond the scan limits is reported under. */
  public static final String UNINSPECTABLE_RULE = "uninspectable";

  /** Characters two pieces of a long value share, so that a payload on a cut is seen whole. */
  private static final int PIECE_OVERLAP = 512;

  /**
   * @param cleanVerdict the verdict of a scan that matched nothing and read everything, shared:
   *     most requests get it
   */
  private record State(
      ThreatOptions options,
      ThreatRuleSet rules,
      InputNormalizer normalizer,
      CleanValues clean,
      ScanResult cleanVerdict) {}

  /**
   * The matches of one scan by rule index, each rule evaluated once per scan. The array is made at
   * the first match: most scans have none, and an array of every rule per request was a tenth of
   * the edge's own allocation.
   */
  private static final class Found {
    private final int rules;
    private Match[] byRule;

    Found(int rules) {
      this.rules = rules;
    }

    Match get(int index) {
      return byRule == null ? null : byRule[index];
    }

    void set(int index, Match match) {
      if (byRule == null) {
        byRule = new Match[rules];
      }
      byRule[index] = match;
    }
  }

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
        new CleanValues(),
        ScanResult.clean(options.threshold()));
  }

  /** Scans one value on its own (every rule applies, location {@code input}). */
  public ScanResult scan(String value) {
    State current = state;
    if (!current.options().enabled()) {
      return current.cleanVerdict();
    }
    Found found = new Found(current.rules().rules.length);
    scanValue(current, value, Source.UNKNOWN, ScanTarget.VALUE, "input", null, found);
    return verdict(current, found, null);
  }

  /**
   * Scans a whole request. One beyond the limits (see {@link RequestValues}) is refused, read in
   * full or flagged, as {@link ThreatOptions#uninspectable()} says.
   */
  public ScanResult scan(RequestDescription request) {
    State current = state;
    if (!current.options().enabled()) {
      return current.cleanVerdict();
    }
    Found found = new Found(current.rules().rules.length);
    RequestValues values =
        new RequestValues(
            (raw, source, target, location, name) ->
                remembered(current, raw, source, target, location, name, found),
            current.options().skipHeaders(),
            current.options().uninspectable() == UninspectablePolicy.SCAN);
    values.walk(request);
    return verdict(current, found, values.overflow());
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
      Found found) {
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
      Found found) {
    if (raw == null || raw.isEmpty()) {
      return true;
    }
    int max = current.options().maxValueLength();
    if (raw.length() > max) {
      // A long value is read in overlapping pieces, so that nothing cut at a boundary goes unseen.
      boolean clean = true;
      int step = max - Math.min(PIECE_OVERLAP, max / 2);
      for (int start = 0; start < raw.length(); start += step) {
        String piece = raw.substring(start, Math.min(raw.length(), start + max));
        clean &= scanPiece(current, piece, source, target, location, name, found);
        if (start + max >= raw.length()) {
          break;
        }
      }
      return clean;
    }
    return scanPiece(current, raw, source, target, location, name, found);
  }

  private boolean scanPiece(
      State current,
      String value,
      Source source,
      ScanTarget target,
      String location,
      String name,
      Found found) {
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
        if (found.get(index) != null) {
          clean = false;
        } else if (matches(compiled, normalized, twoForms)) {
          ThreatRule rule = compiled.rule();
          found.set(
              index,
              new Match(
                  rule.id(),
                  rule.category(),
                  rule.score(),
                  name == null ? location : location + name));
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
    if (compiled.linear() != null) {
      return compiled.linear().matcher(normalized.canonical()).find()
          || (twoForms && compiled.linear().matcher(normalized.decoded()).find());
    }
    return switch (compiled.detector()) {
      case SQL_TOKENS -> SqlInjectionDetector.detect(normalized.decoded()) != null;
      case HTML_TOKENS ->
          HtmlInjectionDetector.detect(normalized.decoded()) != null
              || (normalized.escaped() || normalized.layers() >= 2)
                  && HtmlInjectionDetector.isLoneOpening(normalized.decoded())
              || normalized.usAscii() && HtmlInjectionDetector.isPairedTag(normalized.decoded());
      case ENCODING_LAYERS -> normalized.layers() >= 2;
      case SHELL_TOKENS -> CommandInjectionDetector.detect(normalized.decoded()) != null;
      case PATH_TOKENS -> PathTraversalDetector.detect(normalized.decoded()) != null;
      case RESTRICTED_PATH -> PathTraversalDetector.detectInPath(normalized.decoded()) != null;
      case PHP_TOKENS -> PhpInjectionDetector.detect(normalized.decoded()) != null;
      case CODE_TOKENS ->
          CodeInjectionDetector.detect(normalized.decoded()) != null
              || CodeInjectionDetector.detectEncoded(normalized.raw()) != null;
      case SCRIPT_CONTEXT ->
          ScriptContextDetector.detect(normalized.decoded(), normalized.escaped()) != null;
      case SQL_FRAGMENTS -> SqlFragmentDetector.detect(normalized.decoded()) != null;
    };
  }

  private static ScanResult verdict(State current, Found found, RequestValues.Overflow overflow) {
    if (found.byRule == null && overflow == null) {
      return current.cleanVerdict();
    }
    List<Match> matches = new ArrayList<>();
    int score = 0;
    if (found.byRule != null) {
      for (Match match : found.byRule) {
        if (match != null) {
          matches.add(match);
          score += match.score();
        }
      }
    }
    ThreatOptions options = current.options();
    ScanResult.Refusal refusal = null;
    if (overflow != null && options.uninspectable() == UninspectablePolicy.FLAG) {
      matches.add(
          new Match(UNINSPECTABLE_RULE, ThreatCategory.EVASION, options.threshold(), "request"));
      score += options.threshold();
    } else if (overflow != null && options.uninspectable() == UninspectablePolicy.REFUSE) {
      refusal = new ScanResult.Refusal(overflow.status(), overflow.reason());
    }
    boolean threat = score >= options.threshold();
    return new ScanResult(
        threat,
        threat && options.mode() == ThreatMode.BLOCK,
        score,
        options.threshold(),
        matches,
        refusal);
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
