package io.antbot.security.threat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What kind of attack a rule recognises; {@link #wireName()} is the name used in rules, replies and
 * events.
 */
public enum ThreatCategory {
  SQLI("sqli"),
  XSS("xss"),
  PATH_TRAVERSAL("path_traversal"),
  COMMAND_INJECTION("command_injection"),
  LDAP_INJECTION("ldap_injection"),
  XXE("xxe"),
  SSRF("ssrf"),
  TEMPLATE_INJECTION("template_injection"),
  JNDI("jndi"),
  NOSQL_INJECTION("nosql_injection"),
  /** PHP code, PHP object injection, PHP script uploads. */
  PHP_INJECTION("php_injection"),
  /** Server-side JavaScript (Node.js), Ruby or Java code, serialized Java objects. */
  CODE_INJECTION("code_injection"),
  /** Evasion signals (layered encodings) that add to the score of a real match. */
  EVASION("evasion");

  private final String wireName;

  ThreatCategory(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ThreatCategory> fromWireName(String name) {
    String wanted = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(c -> c.wireName.equals(wanted)).findFirst();
  }
}
