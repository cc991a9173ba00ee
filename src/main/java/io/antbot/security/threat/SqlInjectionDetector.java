package io.antbot.security.threat;

import io.antbot.security.threat.SqlTokenizer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a value carries SQL injection by reading it as SQL (see {@link SqlTokenizer}) and
 * looking for the shapes an injection must take to do anything, rather than for particular
 * payloads.
 *
 * <p>The idea is libinjection's: an attacker's value has to break out of the literal it lands in (a
 * quoted string or a number) and then continue as valid SQL. So the value is read three ways — as
 * is, and as if it started inside a single- or a double-quoted string — and each reading is checked
 * for:
 *
 * <ul>
 *   <li>a set operator followed by a query ({@code union [all] select});
 *   <li>a statement stacked after a semicolon that has a statement's shape ({@code ; drop table},
 *       {@code ; exec xp_...}, {@code ; waitfor delay '...'});
 *   <li>right after the literal is closed: a boolean condition ({@code ' or 'a'='a}, {@code 1 and
 *       2>1}), a sub-query, a known SQL function ({@code and sleep(5)}), a trailing comment that
 *       cuts off the rest of the query ({@code admin'--}), or a clause ({@code order by 3}, {@code
 *       having 1=1}, {@code into outfile});
 *   <li>anywhere: a parenthesised sub-query with a select list, or a constant comparison joined by
 *       a logical operator ({@code or 1=1}).
 * </ul>
 *
 * English text rarely produces these shapes: its words are bare words that break the grammar
 * ({@code "select the best pairs"} is a statement verb followed by bare words, not a select list).
 */
final class SqlInjectionDetector {

  private static final int MAX_TOKENS = 40;

  /**
   * A quote context matters near the start of the value: an injection closes the literal within a
   * few tokens.
   */
  private static final int MAX_QUOTED_TOKENS = 32;

  /** SQL functions whose call right after a broken literal only makes sense as an attack. */
  private static final Set<String> SQL_FUNCTIONS =
      Set.of(
          "sleep",
          "benchmark",
          "pg_sleep",
          "load_file",
          "extractvalue",
          "updatexml",
          "exp",
          "floor",
          "rand",
          "char",
          "chr",
          "nchar",
          "concat",
          "concat_ws",
          "group_concat",
          "version",
          "user",
          "current_user",
          "session_user",
          "system_user",
          "database",
          "schema",
          "substring",
          "substr",
          "mid",
          "ascii",
          "ord",
          "hex",
          "unhex",
          "bin",
          "cast",
          "convert",
          "count",
          "length",
          "len",
          "if",
          "iif",
          "ifnull",
          "isnull",
          "nullif",
          "coalesce",
          "md5",
          "sha1",
          "elt",
          "make_set",
          "name_const",
          "db_name",
          "host_name",
          "suser_name",
          "user_name",
          "is_srvrolemember",
          "char_length",
          "lower",
          "upper",
          "reverse",
          "left",
          "right",
          "instr",
          "locate",
          "position",
          "trim",
          "replace",
          "sys_context",
          "extract",
          "regexp_substr",
          "json_keys",
          "gtid_subset",
          "geometrycollection",
          "multipoint",
          "polygon",
          "linestring",
          "multipolygon",
          "multilinestring",
          "row",
          "randomblob",
          "sqlite_version",
          "pg_read_file",
          "lo_import",
          "string_agg",
          "listagg",
          "stragg",
          "xmltype",
          "to_char",
          "utl_inaddr.get_host_address",
          "utl_http.request",
          "dbms_pipe.receive_message",
          "dbms_lock.sleep",
          "ctxsys.drithsx.sn",
          "waitfor",
          "exec",
          "execute",
          "sp_exec",
          "xp_cmdshell",
          "current_database",
          "pg_sleep_for",
          "unicode",
          "soundex",
          "quote",
          "typeof",
          "abs",
          "sum",
          "avg",
          "min",
          "max",
          "last_insert_id",
          "connection_id",
          "schema_name",
          "object_id",
          "object_name",
          "has_dbaccess",
          "is_member",
          "current_setting",
          "inet_server_addr",
          "database_name",
          "dbms_xmlgen.getxml",
          "ascii_str",
          "substring_index",
          "strcmp",
          "field",
          "find_in_set",
          "export_set",
          "aes_encrypt",
          "aes_decrypt",
          "compress",
          "uncompress",
          "uuid",
          "now",
          "sysdate",
          "current_timestamp",
          "getdate",
          "power",
          "sqrt",
          "round",
          "mod",
          "cot",
          "ln",
          "log",
          "pi",
          "sign",
          "crc32",
          "sha2",
          "password",
          "encode",
          "decode",
          "from_base64",
          "to_base64",
          "octet_length",
          "bit_length",
          "oct",
          "conv",
          "lpad",
          "rpad",
          "space",
          "repeat",
          "lcase",
          "ucase",
          "greatest",
          "least",
          "case",
          "exists",
          "in",
          "all",
          "any",
          "some");

  /**
   * Functions that exist for SQL's sake (metadata, string surgery, delays), not in formulas a
   * person writes.
   */
  private static final Set<String> SPECIFIC_FUNCTIONS =
      Set.of(
          "sleep",
          "benchmark",
          "pg_sleep",
          "load_file",
          "extractvalue",
          "updatexml",
          "char",
          "chr",
          "nchar",
          "concat",
          "concat_ws",
          "group_concat",
          "version",
          "user",
          "current_user",
          "session_user",
          "system_user",
          "database",
          "schema",
          "substring",
          "substr",
          "mid",
          "ascii",
          "ord",
          "hex",
          "unhex",
          "cast",
          "convert",
          "ifnull",
          "isnull",
          "nullif",
          "md5",
          "sha1",
          "elt",
          "make_set",
          "name_const",
          "db_name",
          "host_name",
          "suser_name",
          "user_name",
          "is_srvrolemember",
          "char_length",
          "instr",
          "locate",
          "sys_context",
          "regexp_substr",
          "json_keys",
          "gtid_subset",
          "geometrycollection",
          "multipoint",
          "polygon",
          "linestring",
          "multipolygon",
          "multilinestring",
          "randomblob",
          "sqlite_version",
          "pg_read_file",
          "lo_import",
          "string_agg",
          "listagg",
          "stragg",
          "xmltype",
          "utl_inaddr.get_host_address",
          "utl_http.request",
          "dbms_pipe.receive_message",
          "dbms_lock.sleep",
          "ctxsys.drithsx.sn",
          "xp_cmdshell",
          "current_database",
          "last_insert_id",
          "connection_id",
          "schema_name",
          "object_id",
          "object_name",
          "has_dbaccess",
          "is_member",
          "current_setting",
          "inet_server_addr",
          "dbms_xmlgen.getxml",
          "substring_index",
          "strcmp",
          "find_in_set",
          "export_set",
          "aes_encrypt",
          "aes_decrypt",
          "compress",
          "uncompress",
          "charset",
          "coercibility",
          "collation",
          "binary",
          "soundex",
          "unicode",
          "to_char",
          "octet_length",
          "bit_length",
          "conv",
          "lpad",
          "rpad",
          "lcase",
          "ucase",
          "from_base64",
          "to_base64",
          "iif",
          "json_extract",
          "json_value",
          "json_query",
          "json_contains",
          "json_contains_path",
          "json_search",
          "json_unquote",
          "json_extract_path",
          "json_extract_path_text",
          "jsonb_extract_path",
          "jsonb_extract_path_text",
          "jsonb_path_query",
          "jsonb_path_exists",
          "json_each",
          "jsonb_each",
          "json_object_keys",
          "jsonb_object_keys",
          "row_to_json",
          "array_to_json",
          "to_jsonb",
          "query_to_xml",
          "database_to_xml",
          "pg_ls_dir",
          "waitfor",
          "exec",
          "execute",
          "sp_exec");

  private static final Set<String> ALTER_ACTIONS =
      Set.of(
          "add",
          "modify",
          "identified",
          "rename",
          "owner",
          "character",
          "charset",
          "convert",
          "engine",
          "change",
          "auto_increment");

  /**
   * Keywords that read as English prepositions after a name ({@code alter table settings in the
   * UI}), so they do not give a {@code create}/{@code alter} a statement's shape.
   */
  private static final Set<String> PROSE_KEYWORDS =
      Set.of("in", "for", "to", "of", "at", "is", "from", "by", "into", "where", "when", "then");

  /**
   * SQL functions a spreadsheet has too ({@code CONCAT}, {@code MID}, {@code CHAR}): a single call
   * of one of them is a formula as much as SQL.
   */
  private static final Set<String> SPREADSHEET_FUNCTIONS =
      Set.of("concat", "char", "mid", "convert", "unicode", "lpad", "rpad", "isnull");

  private static final Set<String> STACKABLE_OBJECTS =
      Set.of(
          "table",
          "database",
          "schema",
          "view",
          "index",
          "trigger",
          "procedure",
          "function",
          "user",
          "login",
          "tables",
          "column");

  /**
   * The readings of a value: as is, and as if it started inside a single-quoted or double-quoted
   * string or a backquoted MySQL name (an identifier the application pastes the value into, as in
   * {@code ORDER BY `<value>`}).
   */
  private static final char[] CONTEXTS = {0, '\'', '"', '`'};

  private static final Set<String> TRUTH_WORDS = Set.of("true", "false");

  private SqlInjectionDetector() {}

  /**
   * The name of the shape found in {@code decoded} (normalised, lower case), or {@code null} when
   * none.
   */
  static String detect(String decoded) {
    for (char quote : CONTEXTS) {
      if (quote != 0 && (decoded.indexOf(quote) < 0 || opensWithQuotedWord(decoded, quote))) {
        continue;
      }
      List<Token> tokens =
          SqlTokenizer.tokenize(decoded, quote, quote == 0 ? MAX_TOKENS : MAX_QUOTED_TOKENS);
      String found = inspect(tokens, quote);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /**
   * Whether the value opens with one word between {@code quote}s and then a space, as prose quotes
   * a word ({@code "select" and "drop" are only words}): read from inside such a literal, the word
   * would become a bare keyword, which is the prose's reading, not the application's. The value is
   * still read as is and in the other quote context.
   */
  private static boolean opensWithQuotedWord(String decoded, char quote) {
    if (decoded.isEmpty() || decoded.charAt(0) != quote) {
      return false;
    }
    int i = 1;
    while (i < decoded.length()
        && (Character.isLetter(decoded.charAt(i)) || decoded.charAt(i) == '-')) {
      i++;
    }
    return i > 1
        && i + 2 < decoded.length()
        && decoded.charAt(i) == quote
        && decoded.charAt(i + 1) == ' '
        && Character.isLetter(decoded.charAt(i + 2));
  }

  private static String inspect(List<Token> all, char quote) {
    List<Token> t = new ArrayList<>(all.size());
    for (Token token : all) {
      if (token.type() != SqlTokenizer.COMMENT) {
        t.add(token);
      }
    }
    int n = t.size();
    if (n == 0) {
      return null;
    }
    String anywhere = anywhere(t);
    if (anywhere != null) {
      return anywhere;
    }
    String afterLiteral = afterLiteral(all, t, quote);
    if (afterLiteral != null) {
      return afterLiteral;
    }
    return quote != 0 ? reopenedLiteral(all, t, quote) : wholeExpression(all, t);
  }

  /** Shapes that are SQL wherever they appear. */
  private static String anywhere(List<Token> t) {
    for (int i = 0; i < t.size(); i++) {
      Token token = t.get(i);
      switch (token.type()) {
        case SqlTokenizer.UNION -> {
          if (queryFollows(t, i + 1) || statementAt(t, i + 1)) {
            return "union-query";
          }
        }
        case ';' -> {
          if (statementAt(t, i + 1)) {
            return "stacked-statement";
          }
        }
        case '(' -> {
          if (subqueryAt(t, i + 1)) {
            return "sub-query";
          }
        }
        case SqlTokenizer.LOGIC -> {
          if (constantComparisonAt(t, i + 1)) {
            return "constant-condition";
          }
        }
        case SqlTokenizer.KEYWORD -> {
          if (token.text().equals("having")
              && (conditionAt(t, i + 1) > 0 || constantExpressionAt(t, i + 1))) {
            return "having-condition";
          }
          if (token.text().equals("case") && caseExpressionAt(t, i)) {
            return "case-expression";
          }
        }
        case SqlTokenizer.FUNCTION -> {
          if ((token.text().equals("if") || token.text().equals("iif"))
              && conditionalCallAt(t, i)) {
            return "conditional-function";
          }
        }
        default -> {}
      }
    }
    return null;
  }

  /**
   * {@code case when <condition> then <value> … (else | end)}: SQL's conditional expression, the
   * carrier of blind injection. Prose says "in case when BTC drops then sell", so the condition
   * must compare constants or SQL functions, or the branch must be a literal or an SQL call closed
   * by {@code end}.
   */
  private static boolean caseExpressionAt(List<Token> t, int i) {
    int n = t.size();
    if (i + 2 >= n || !t.get(i + 1).is(SqlTokenizer.KEYWORD, "when")) {
      return false;
    }
    int condition = conditionAt(t, i + 2);
    if (condition == NONE && !subqueryStartAt(t, i + 2)) {
      return false;
    }
    int then = -1;
    for (int k = i + 3; k < Math.min(n, i + 24); k++) {
      if (t.get(k).is(SqlTokenizer.KEYWORD, "then")) {
        then = k;
        break;
      }
    }
    if (then < 0 || then + 1 >= n) {
      return false;
    }
    Token branch = t.get(then + 1);
    boolean sqlBranch =
        isLiteral(branch.type())
            || branch.type() == '('
            || functionCallAt(t, then + 1, false)
            || functionCallAt(t, then + 1, true);
    if (condition == SPECIFIC || subqueryStartAt(t, i + 2) || specificCallIn(t, i + 2, then)) {
      return sqlBranch || branch.type() == SqlTokenizer.FUNCTION;
    }
    if (!sqlBranch) {
      return false;
    }
    for (int k = then + 2; k < Math.min(n, then + 24); k++) {
      if (t.get(k).is(SqlTokenizer.KEYWORD, "end")) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code if(<condition>, …)} / {@code iif(…)}: MySQL's and SQL Server's conditional functions. A
   * spreadsheet formula looks the same ({@code if(rsi < 30, 1, 0)}), so the condition must compare
   * constants or test an SQL function ({@code if(1=1, …)}, {@code if(ascii(substr(user(),1,1))>64,
   * …)}).
   */
  private static boolean conditionalCallAt(List<Token> t, int i) {
    if (i + 2 >= t.size() || t.get(i + 1).type() != '(') {
      return false;
    }
    int condition = conditionAt(t, i + 2);
    if (condition == NONE) {
      return false;
    }
    int comma = -1;
    int depth = 0;
    for (int k = i + 2; k < t.size(); k++) {
      char type = t.get(k).type();
      if (type == '(') {
        depth++;
      } else if (type == ')') {
        if (--depth < 0) {
          return false;
        }
      } else if (type == ',' && depth == 0) {
        comma = k;
        break;
      }
    }
    return comma > 0 && (condition == SPECIFIC || specificCallIn(t, i + 2, comma));
  }

  /** Whether {@code t[from, to)} calls a function that exists for SQL's sake. */
  private static boolean specificCallIn(List<Token> t, int from, int to) {
    for (int k = from; k < to; k++) {
      Token token = t.get(k);
      if (token.type() == SqlTokenizer.FUNCTION && SPECIFIC_FUNCTIONS.contains(token.text())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Right after the literal the value was meant to be: in a quote context the first token is the
   * rest of the string; read as is, a value injected into a number starts with that number (or a
   * list of them, or an expression). A prefix that is only a name or an expression over names is
   * "weak": prose and trading rules ({@code rsi(14) < 30 and macd > 0}) look like that, so what
   * follows must be SQL-specific to count.
   */
  private static String afterLiteral(List<Token> all, List<Token> t, char quote) {
    int n = t.size();
    Token first = t.get(0);
    int p;
    boolean weak = false;
    if (quote != 0) {
      if (first.type() != SqlTokenizer.STRING) {
        return null;
      }
      p = 1;
    } else {
      switch (first.type()) {
        case SqlTokenizer.NUMBER, SqlTokenizer.STRING, SqlTokenizer.VARIABLE -> {
          p = 1;
          while (p + 1 < n && t.get(p).type() == ',' && isLiteral(t.get(p + 1).type())) {
            p += 2;
          }
        }
        case SqlTokenizer.BAREWORD, SqlTokenizer.FUNCTION -> {
          p = operandEnd(t, 0);
          weak = true;
        }
        case SqlTokenizer.LOGIC, ')' -> p = 0;
        case SqlTokenizer.STATEMENT -> {
          return statementAt(t, 0) && completeStatement(t) ? "statement" : null;
        }
        default -> {
          return null;
        }
      }
      if (p > 0
          && p + 1 < n
          && (t.get(p).type() == SqlTokenizer.COMPARE
              || t.get(p).type() == SqlTokenizer.OPERATOR)) {
        int end = operandEnd(t, p + 1);
        if (end > 0) {
          p = end;
          weak = true;
        }
      }
      weak |= first.type() == SqlTokenizer.LOGIC;
    }
    int closed = p;
    while (p < n && t.get(p).type() == ')') {
      p++;
    }
    weak &= p == closed;
    if (quote != 0 && endsWithCutComment(all, first)) {
      return "comment-after-literal";
    }
    if (p >= n) {
      return null;
    }
    if (statementAt(t, p) && (!weak || quote != 0)) {
      return "statement-after-literal";
    }
    Token next = t.get(p);
    if (next.type() == SqlTokenizer.UNION
        && p + 1 == n
        && (first.type() == SqlTokenizer.NUMBER || first.type() == SqlTokenizer.STRING)) {
      // -1 union (the query split over parameters, or probing): a literal closed by a bare set
      // operator
      return "union-after-literal";
    }
    switch (next.type()) {
      case SqlTokenizer.LOGIC -> {
        int condition = conditionAt(t, p + 1);
        if (p == 0 && condition != NONE && proseFollowsCondition(t, p + 1)) {
          // "or 1=1 was a typo in my note": a value that opens with the logic word has no literal
          // before it, and bare words after the condition are a sentence, not a query
          return null;
        }
        if (condition == SPECIFIC || (condition == GENERIC && quote != 0)) {
          return "condition-after-literal";
        }
        if (functionCallAt(t, p + 1, weak)
            || subqueryStartAt(t, p + 1)
            || statementAt(t, p + 1)
            || (p + 1 < n && t.get(p + 1).is(SqlTokenizer.KEYWORD, "exists"))) {
          return "condition-after-literal";
        }
        // ' or 1--, ' or true;  (a bare truth value ends the condition)
        if (quote != 0
            && p + 1 < n
            && isTruthValue(t.get(p + 1).type())
            && (p + 2 == n || t.get(p + 2).type() == ';')) {
          return "condition-after-literal";
        }
        // 1) or 1, 1 or 1#, 1 or true: a number, then a bare truth value that ends the value, with
        // a sign the number was a query's — a parenthesis closed after it, a comment cutting off
        // the rest, or a truth keyword ("buy 1 or 2" opens with a word; "1 or 2" alone is not
        // enough)
        if (quote == 0
            && first.type() == SqlTokenizer.NUMBER
            && !weak
            && p + 1 < n
            && isTruthValue(t.get(p + 1).type())
            && (p + 2 == n || t.get(p + 2).type() == ';')
            && (p > closed || endsWithComment(all) || TRUTH_WORDS.contains(t.get(p + 1).text()))) {
          return "condition-after-literal";
        }
        // or 1 group by ..., or 1 having ...: a clause after a truth value
        int operand = operandEnd(t, p + 1);
        if (!weak && operand > 0 && operand < n && isClause(t.get(operand))) {
          return "condition-after-literal";
        }
      }
      case ';' -> {
        if (quote != 0 && p + 1 == n && endsWithComment(all)) {
          return "comment-after-literal";
        }
      }
      case SqlTokenizer.KEYWORD -> {
        if (clauseAt(t, p, quote != 0, weak)) {
          return "clause-after-literal";
        }
        if (quote != 0
            && next.text().equals("limit")
            && p + 1 < n
            && t.get(p + 1).type() == SqlTokenizer.NUMBER
            && endsWithComment(all)) {
          // 1' limit 1 --: the literal closed, the result cut to one row, the rest commented out
          return "clause-after-literal";
        }
      }
      case SqlTokenizer.OPERATOR, SqlTokenizer.COMPARE -> {
        if (functionCallAt(t, p + 1, weak) || subqueryStartAt(t, p + 1)) {
          return "expression-after-literal";
        }
        if (!weak) {
          Expression rest = Expression.read(t, p + 1, n);
          if (rest.valid() && (rest.specificCalls() > 0 || rest.subquery())) {
            return "expression-after-literal";
          }
        }
        if (quote != 0
            && next.type() == SqlTokenizer.COMPARE
            && isSymbol(next.text())
            && p + 1 < n
            && isLiteral(t.get(p + 1).type())
            && (p + 2 == n || t.get(p + 2).type() == SqlTokenizer.LOGIC)) {
          return "condition-after-literal";
        }
      }
      default -> {}
    }
    return null;
  }

  /**
   * Whether the comparison at {@code i} is followed by a bare word: the condition is part of a
   * sentence ({@code or 1=1 was a typo}).
   */
  private static boolean proseFollowsCondition(List<Token> t, int i) {
    int left = operandEnd(t, i);
    if (left < 0 || left >= t.size() || t.get(left).type() != SqlTokenizer.COMPARE) {
      return false;
    }
    int right = operandEnd(t, left + 1);
    return right > 0 && right < t.size() && t.get(right).type() == SqlTokenizer.BAREWORD;
  }

  /**
   * A value that is a whole statement must be more than a verb and a word or number ({@code
   * SELECT-88} is a product code): a select list with more than one item, a call or a variable, or
   * a {@code from}.
   */
  private static boolean completeStatement(List<Token> t) {
    if (!t.get(0).is(SqlTokenizer.STATEMENT, "select")) {
      return true;
    }
    for (int k = 1; k < t.size(); k++) {
      Token token = t.get(k);
      if (token.type() == ','
          || token.type() == SqlTokenizer.FUNCTION
          || token.type() == SqlTokenizer.VARIABLE
          || token.is(SqlTokenizer.KEYWORD, "from")
          || token.is(SqlTokenizer.OPERATOR, "*")) {
        return true;
      }
    }
    return false;
  }

  /** {@code (1 or 1)}, {@code true}: an expression of literals only, up to the end of the value. */
  private static boolean constantExpressionAt(List<Token> t, int i) {
    Expression expression = Expression.read(t, i, t.size());
    return expression.valid()
        && expression.names() == 0
        && expression.calls() == 0
        && expression.operands() > 0
        && expression.operators() > 0;
  }

  private static boolean isClause(Token token) {
    return token.type() == SqlTokenizer.UNION
        || (token.type() == SqlTokenizer.KEYWORD
            && (token.text().equals("group by")
                || token.text().equals("order by")
                || token.text().equals("having")
                || token.text().equals("limit")
                || token.text().equals("into")));
  }

  /** A clause that continues a query right after the literal. */
  private static boolean clauseAt(List<Token> t, int p, boolean quoted, boolean weak) {
    int n = t.size();
    String word = t.get(p).text();
    Token a = p + 1 < n ? t.get(p + 1) : null;
    switch (word) {
      case "order by", "group by" -> {
        return a != null
            && (a.type() == SqlTokenizer.NUMBER
                || functionCallAt(t, p + 1, weak)
                || (quoted && isOperand(a.type())));
      }
      case "having" -> {
        return conditionAt(t, p + 1) > 0;
      }
      case "procedure" -> {
        return a != null && a.is(SqlTokenizer.FUNCTION, "analyse");
      }
      case "into" -> {
        return a != null
            && (a.is(SqlTokenizer.KEYWORD, "outfile") || a.is(SqlTokenizer.KEYWORD, "dumpfile"));
      }
      case "where" -> {
        int condition = conditionAt(t, p + 1);
        return condition == SPECIFIC || (condition == GENERIC && !weak);
      }
      case "from" -> {
        // 1) from users where ...: the tail of a query
        return !weak && a != null && isName(a.type()) && p + 2 < n && isClause(t.get(p + 2))
            || !weak
                && a != null
                && isName(a.type())
                && p + 2 < n
                && t.get(p + 2).is(SqlTokenizer.KEYWORD, "where");
      }
      default -> {
        return false;
      }
    }
  }

  /**
   * {@code aa' or 'b}, {@code x' != 'y' = 0 = '1}, {@code ' - '}, {@code x') like ('y}: the literal
   * is closed (and any parenthesis with it), an SQL expression follows, and a new literal is opened
   * at the end for the application's own closing quote (or the rest is commented out). The closed
   * and the reopened part must each be a single value, not a phrase; an expression built only from
   * word operators ({@code 'and'}, {@code 'like'}) counts only for single quotes, since
   * double-quoted words are common in text.
   */
  private static String reopenedLiteral(List<Token> all, List<Token> t, char quote) {
    int n = t.size();
    Token first = t.get(0);
    if (first.type() != SqlTokenizer.STRING || first.text().strip().indexOf(' ') >= 0 || n < 2) {
      return null;
    }
    Token last = t.get(n - 1);
    boolean sameQuote = last.has(Token.DOUBLE_QUOTED) == (quote == '"');
    int end;
    if (last.type() == SqlTokenizer.STRING && last.has(Token.UNTERMINATED) && sameQuote && n >= 3) {
      if (last.text().strip().indexOf(' ') >= 0
          || (first.text().isEmpty()
              && !last.text().isBlank()
              && !truthyTail(last.text())
              && t.get(1).type() != ')')) {
        // a phrase, or a value that starts with its own quoted word: 'AND' BRACELET
        return null;
      }
      end = n - 1;
    } else if (endsWithComment(all) || last.type() == ';') {
      end = last.type() == ';' ? n - 1 : n;
    } else {
      return null;
    }
    int from = 1;
    // x') like ('y: parentheses closed after the first literal and opened again before the last
    while (from < end - 1 && t.get(from).type() == ')' && t.get(end - 1).type() == '(') {
      from++;
      end--;
    }
    if (quote == '\''
        && from > 1
        && end - from == 1
        && PATTERN_OPERATORS.contains(t.get(from).text())) {
      // the lexer reads "like (" as a call; between the parentheses it is the operator
      return "reopened-literal";
    }
    Expression middle = Expression.read(t, from, end);
    if (!middle.valid() || middle.operators() == 0) {
      return null;
    }
    char opening = t.get(from).type();
    if (opening == SqlTokenizer.BAREWORD || opening == SqlTokenizer.NUMBER) {
      // D'Arcy-O'Neil: a word glued to the closing quote is a name with apostrophes, not SQL
      return null;
    }
    if (quote == '"' && (middle.symbolOperators() == 0 || middle.conditions() == 0)) {
      // double quotes also mark inches and quoted words in text: 1/4"-1/2", "like"
      return null;
    }
    return "reopened-literal";
  }

  private static final Set<String> PATTERN_OPERATORS = Set.of("like", "rlike", "regexp", "glob");

  /**
   * The text of a literal reopened at the end that makes the condition true by itself: a number
   * ({@code ' or '1}) or a comparison glued to it ({@code 'or'1=1}) — not a word after a space, as
   * in {@code 'AND' BRACELET}.
   */
  private static boolean truthyTail(String text) {
    if (text.isEmpty() || text.charAt(0) == ' ' || text.length() > 12) {
      return false;
    }
    boolean digits = true;
    boolean comparison = false;
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      digits &= Character.isDigit(c);
      comparison |= c == '=' || c == '<' || c == '>';
    }
    return digits || comparison;
  }

  /**
   * The whole value is an SQL expression: with a trailing comment and no names ({@code 1 --},
   * {@code 1*1/*}), as nested or chained calls of SQL functions ({@code chr(11)||chr(12)}, {@code
   * length(version())}), or a {@code case when} expression.
   */
  private static String wholeExpression(List<Token> all, List<Token> t) {
    Expression whole = Expression.read(t, 0, t.size());
    if (!whole.valid()) {
      return null;
    }
    Token lastRaw = all.get(all.size() - 1);
    if (lastRaw.type() == SqlTokenizer.COMMENT
        && whole.names() == 0
        && whole.operands() + whole.calls() > 0
        && (lastRaw.has(Token.EMPTY_COMMENT) && lastRaw.has(Token.STRICT_COMMENT)
            || whole.operators() > 0)) {
      return "expression-then-comment";
    }
    if (whole.specificCalls() > 0 && whole.calls() >= 2) {
      return "sql-function-expression";
    }
    if (whole.calls() == 1
        && whole.specificCalls() == 1
        && whole.names() == 0
        && whole.operands() > 0
        && t.get(0).type() == SqlTokenizer.FUNCTION
        && !SPREADSHEET_FUNCTIONS.contains(t.get(0).text())
        && t.size() > 2
        && t.get(1).type() == '('
        && t.get(t.size() - 1).type() == ')'
        && closingParen(t, 1) == t.size()) {
      // md5('x'), elt(1,'a'): a value that is one call of a function only SQL has, on constants
      return "sql-function-call";
    }
    if (t.get(0).is(SqlTokenizer.KEYWORD, "case")
        && t.size() > 1
        && t.stream().anyMatch(x -> x.is(SqlTokenizer.KEYWORD, "then"))) {
      return "case-expression";
    }
    return null;
  }

  /**
   * {@code select} (possibly after opening parentheses), or {@code values}/{@code table} set
   * operands.
   */
  private static boolean queryFollows(List<Token> t, int i) {
    while (i < t.size() && t.get(i).type() == '(') {
      i++;
    }
    return i < t.size()
        && (t.get(i).is(SqlTokenizer.STATEMENT, "select")
            || t.get(i).is(SqlTokenizer.KEYWORD, "values")
            || t.get(i).is(SqlTokenizer.FUNCTION, "values"));
  }

  private static boolean subqueryStartAt(List<Token> t, int i) {
    return i + 1 < t.size() && t.get(i).type() == '(' && subqueryAt(t, i + 1);
  }

  /**
   * A {@code select} with a select list that is SQL: a literal, function, variable, star or a
   * column list.
   */
  private static boolean subqueryAt(List<Token> t, int i) {
    if (i >= t.size() || !t.get(i).is(SqlTokenizer.STATEMENT, "select")) {
      return false;
    }
    return selectListAt(t, i + 1);
  }

  private static boolean selectListAt(List<Token> t, int i) {
    if (i >= t.size()) {
      return false;
    }
    Token item = t.get(i);
    switch (item.type()) {
      case SqlTokenizer.NUMBER, SqlTokenizer.VARIABLE, SqlTokenizer.FUNCTION, '(' -> {
        return true;
      }
      case SqlTokenizer.STRING -> {
        // an unterminated string is the rest of the value, not a selected literal: "SELECT" PRINTS
        return !item.has(Token.UNTERMINATED);
      }
      case SqlTokenizer.OPERATOR -> {
        return item.text().equals("*");
      }
      case SqlTokenizer.KEYWORD -> {
        return switch (item.text()) {
          case "top" -> i + 1 < t.size() && t.get(i + 1).type() == SqlTokenizer.NUMBER;
          case "distinct", "all" -> selectListAt(t, i + 1);
          case "case" -> i + 1 < t.size() && t.get(i + 1).is(SqlTokenizer.KEYWORD, "when");
          default -> false;
        };
      }
      case SqlTokenizer.BAREWORD -> {
        if (i + 1 >= t.size()) {
          return false;
        }
        Token after = t.get(i + 1);
        return after.type() == ','
            || after.is(SqlTokenizer.KEYWORD, "from")
            || after.is(SqlTokenizer.KEYWORD, "into")
            || after.is(SqlTokenizer.KEYWORD, "as")
            || after.type() == SqlTokenizer.OPERATOR;
      }
      default -> {
        return false;
      }
    }
  }

  /** A statement with the shape a real one needs, starting at {@code i}. */
  private static boolean statementAt(List<Token> t, int i) {
    if (i >= t.size()) {
      return false;
    }
    Token verb = t.get(i);
    Token a = i + 1 < t.size() ? t.get(i + 1) : null;
    Token b = i + 2 < t.size() ? t.get(i + 2) : null;
    if (verb.type() == SqlTokenizer.FUNCTION
        && (verb.text().equals("exec") || verb.text().equals("execute"))) {
      return true;
    }
    if (verb.text().equals("if")
        && (verb.type() == SqlTokenizer.FUNCTION || verb.type() == SqlTokenizer.KEYWORD)) {
      // if (1=1) waitfor ..., if 1=1 drop ...: a condition then a statement
      int condition = verb.type() == SqlTokenizer.FUNCTION ? i + 1 : i + 1;
      if (conditionAt(t, condition) == NONE) {
        return false;
      }
      int after =
          t.get(condition).type() == '('
              ? closingParen(t, condition)
              : operandEnd(t, operandEnd(t, condition) + 1);
      return after > 0 && statementAt(t, after);
    }
    if (verb.is(SqlTokenizer.KEYWORD, "begin")) {
      return statementAt(t, i + 1);
    }
    if (verb.is(SqlTokenizer.KEYWORD, "set")) {
      return setStatementAt(t, i + 1);
    }
    if (verb.type() != SqlTokenizer.STATEMENT) {
      return false;
    }
    switch (verb.text()) {
      case "select" -> {
        return selectListAt(t, i + 1);
      }
      case "insert" -> {
        // insert into name (values | select | ( | set)
        Token after = i + 3 < t.size() ? t.get(i + 3) : null;
        return a != null
            && a.is(SqlTokenizer.KEYWORD, "into")
            && b != null
            && isName(b.type())
            && (after == null
                || after.is(SqlTokenizer.KEYWORD, "values")
                || after.is(SqlTokenizer.STATEMENT, "select")
                || after.type() == '('
                || after.is(SqlTokenizer.KEYWORD, "set")
                || after.is(SqlTokenizer.FUNCTION, "values"));
      }
      case "update" -> {
        // update name set name =
        return a != null
            && isName(a.type())
            && b != null
            && b.is(SqlTokenizer.KEYWORD, "set")
            && i + 4 < t.size()
            && isName(t.get(i + 3).type())
            && t.get(i + 4).type() == SqlTokenizer.COMPARE;
      }
      case "delete" -> {
        // delete [low_priority] [quick] [ignore] from name (end | where | ; | limit | order by)
        for (int k = i + 1; k < Math.min(t.size(), i + 4); k++) {
          if (t.get(k).is(SqlTokenizer.KEYWORD, "from")) {
            return k + 1 < t.size() && isName(t.get(k + 1).type()) && endsClause(t, k + 2);
          }
          if (t.get(k).type() != SqlTokenizer.BAREWORD) {
            return false;
          }
        }
        return false;
      }
      case "load" -> {
        // load data [local] infile, load xml ... infile
        if (a == null || !(a.is(SqlTokenizer.KEYWORD, "data") || a.text().equals("xml"))) {
          return false;
        }
        for (int k = i + 2; k < Math.min(t.size(), i + 5); k++) {
          if (t.get(k).is(SqlTokenizer.KEYWORD, "infile")) {
            return true;
          }
        }
        return false;
      }
      case "drop", "truncate", "rename" -> {
        // drop table name [;|,|end]
        return a != null
            && a.type() == SqlTokenizer.KEYWORD
            && STACKABLE_OBJECTS.contains(a.text())
            && b != null
            && isName(b.type())
            && endsClause(t, i + 3);
      }
      case "create", "alter" -> {
        // create table name ( ... , alter table name add ...
        Token after = i + 3 < t.size() ? t.get(i + 3) : null;
        return a != null
            && a.type() == SqlTokenizer.KEYWORD
            && STACKABLE_OBJECTS.contains(a.text())
            && b != null
            && (isName(b.type()) || b.type() == SqlTokenizer.FUNCTION)
            && (after == null
                || after.type() == '('
                || after.type() == ';'
                || after.type() == SqlTokenizer.KEYWORD && !PROSE_KEYWORDS.contains(after.text())
                || b.type() == SqlTokenizer.FUNCTION
                || ALTER_ACTIONS.contains(after.text()));
      }
      case "exec", "execute" -> {
        return a != null
            && (a.type() == SqlTokenizer.VARIABLE
                || a.type() == SqlTokenizer.STRING
                || a.type() == '('
                || (isName(a.type())
                    && (a.text().startsWith("xp_")
                        || a.text().startsWith("sp_")
                        || a.text().startsWith("master")
                        || a.text().startsWith("dbms_")
                        || a.text().startsWith("sys."))));
      }
      case "declare" -> {
        return a != null && a.type() == SqlTokenizer.VARIABLE;
      }
      case "waitfor" -> {
        return a != null && (a.type() == SqlTokenizer.STRING || a.type() == SqlTokenizer.NUMBER);
      }
      case "shutdown" -> {
        return a == null
            || a.is(SqlTokenizer.KEYWORD, "with")
            || a.type() == ';'
            || a.is(SqlTokenizer.KEYWORD, "end");
      }
      default -> {
        return false;
      }
    }
  }

  /**
   * What follows {@code set} in a MySQL / SQL Server session statement (the rest of a stacked
   * {@code '; set names gbk --}, a charset switch that opens the way for multi-byte quote tricks,
   * or {@code '; set @x := ...}): {@code names} or {@code character set} / {@code charset} and one
   * charset name ending the statement, or a user or system variable assigned. {@code set} with a
   * plain name ({@code ; set price = 10}, {@code ; set names for the desk}) is how a note reads.
   */
  private static boolean setStatementAt(List<Token> t, int i) {
    if (i >= t.size()) {
      return false;
    }
    Token first = t.get(i);
    if (first.type() == SqlTokenizer.VARIABLE) {
      return i + 1 < t.size()
          && (t.get(i + 1).is(SqlTokenizer.COMPARE, "=")
              || t.get(i + 1).is(SqlTokenizer.OPERATOR, ":="));
    }
    int charset;
    if (first.text().equals("names") || first.text().equals("charset")) {
      charset = i + 1;
    } else if (first.text().equals("character")
        && i + 1 < t.size()
        && t.get(i + 1).is(SqlTokenizer.KEYWORD, "set")) {
      charset = i + 2;
    } else {
      return false;
    }
    if (charset >= t.size()) {
      return false;
    }
    int type = t.get(charset).type();
    int after = charset + 1;
    return (type == SqlTokenizer.BAREWORD || type == SqlTokenizer.STRING)
        && (after == t.size()
            || t.get(after).type() == ';'
            || t.get(after).is(SqlTokenizer.OPERATOR, "collate"));
  }

  /**
   * The end of a statement: nothing more, a separator, or a clause that may follow a table name.
   */
  private static boolean endsClause(List<Token> t, int i) {
    if (i >= t.size()) {
      return true;
    }
    Token token = t.get(i);
    return token.type() == ';'
        || token.type() == ','
        || token.is(SqlTokenizer.KEYWORD, "where")
        || token.is(SqlTokenizer.KEYWORD, "limit")
        || token.is(SqlTokenizer.KEYWORD, "order by")
        || token.text().equals("cascade")
        || token.text().equals("purge");
  }

  private static final int NONE = 0;
  private static final int GENERIC = 1;
  private static final int SPECIFIC = 2;

  /**
   * {@code operand comparison operand} at {@code i} (an operand may be a call or a parenthesised
   * expression, and the whole may sit in parentheses): {@link #SPECIFIC} when neither side is a
   * plain name or an unknown function ({@code 1=1}, {@code 1=@@version}, {@code ascii(x)>64}),
   * {@link #GENERIC} when one is ({@code price > 140}), {@link #NONE} when there is no comparison.
   */
  private static int conditionAt(List<Token> t, int i) {
    if (i < t.size() && t.get(i).type() == '(') {
      int inner = conditionAt(t, i + 1);
      if (inner != NONE) {
        return inner;
      }
    }
    int end = operandEnd(t, i);
    if (end < 0 || end >= t.size() || t.get(end).type() != SqlTokenizer.COMPARE) {
      return NONE;
    }
    int rightEnd = operandEnd(t, end + 1);
    if (rightEnd < 0) {
      return NONE;
    }
    return isSpecificOperand(t.get(i)) && isSpecificOperand(t.get(end + 1)) ? SPECIFIC : GENERIC;
  }

  private static boolean isSpecificOperand(Token token) {
    return switch (token.type()) {
      case SqlTokenizer.NUMBER, SqlTokenizer.STRING, SqlTokenizer.VARIABLE, '(' -> true;
      case SqlTokenizer.FUNCTION -> SQL_FUNCTIONS.contains(token.text());
      default -> NILADIC_FUNCTIONS.contains(token.text());
    };
  }

  /**
   * SQL functions called without parentheses ({@code current_user}, {@code utc_date}): as an
   * operand of a comparison they are as specific as a literal ({@code 1 and current_user=1}).
   */
  private static final Set<String> NILADIC_FUNCTIONS =
      Set.of(
          "current_user",
          "session_user",
          "system_user",
          "current_date",
          "current_time",
          "current_timestamp",
          "current_role",
          "current_schema",
          "current_catalog",
          "localtimestamp",
          "utc_date",
          "utc_time",
          "utc_timestamp");

  /** literal comparison literal, followed by nothing that would make it prose. */
  private static boolean constantComparisonAt(List<Token> t, int i) {
    if (i + 2 >= t.size()) {
      return false;
    }
    Token left = t.get(i);
    Token op = t.get(i + 1);
    Token right = t.get(i + 2);
    if (!isLiteral(left.type()) || op.type() != SqlTokenizer.COMPARE || !isLiteral(right.type())) {
      return false;
    }
    if (i + 3 == t.size()) {
      return true;
    }
    char after = t.get(i + 3).type();
    return after == SqlTokenizer.LOGIC
        || after == ')'
        || after == ';'
        || after == SqlTokenizer.KEYWORD
        || after == SqlTokenizer.UNION
        || after == SqlTokenizer.COMPARE
        || after == SqlTokenizer.OPERATOR;
  }

  /**
   * A call of a known SQL function; after a weak prefix only one that exists for SQL's sake counts.
   */
  private static boolean functionCallAt(List<Token> t, int i, boolean specificOnly) {
    return i + 1 < t.size()
        && t.get(i).type() == SqlTokenizer.FUNCTION
        && t.get(i + 1).type() == '('
        && (specificOnly ? SPECIFIC_FUNCTIONS : SQL_FUNCTIONS).contains(t.get(i).text());
  }

  /** What a run of tokens is made of, when it reads as one SQL expression. */
  record Expression(
      boolean valid,
      int operands,
      int operators,
      int symbolOperators,
      int conditions,
      int names,
      int calls,
      int specificCalls,
      boolean subquery) {

    private static final Expression INVALID = new Expression(false, 0, 0, 0, 0, 0, 0, 0, false);

    /**
     * Reads {@code t[from, to)}: valid when it holds only operands, operators, calls, parentheses,
     * commas and keywords, never two operands side by side (the mark of prose: {@code "select the
     * best"}), and never closes a parenthesis it did not open.
     */
    static Expression read(List<Token> t, int from, int to) {
      if (from >= to) {
        return INVALID;
      }
      int operands = 0;
      int operators = 0;
      int symbols = 0;
      int conditions = 0;
      int names = 0;
      int calls = 0;
      int specific = 0;
      int depth = 0;
      boolean subquery = false;
      boolean afterValue = false;
      for (int i = from; i < to; i++) {
        Token token = t.get(i);
        switch (token.type()) {
          case SqlTokenizer.NUMBER,
              SqlTokenizer.STRING,
              SqlTokenizer.VARIABLE,
              SqlTokenizer.BAREWORD -> {
            if (afterValue) {
              return INVALID;
            }
            afterValue = true;
            operands++;
            names += token.type() == SqlTokenizer.BAREWORD ? 1 : 0;
          }
          case SqlTokenizer.FUNCTION -> {
            if (afterValue) {
              return INVALID;
            }
            calls++;
            specific += SPECIFIC_FUNCTIONS.contains(token.text()) ? 1 : 0;
            afterValue = false;
          }
          case '(' -> {
            depth++;
            subquery |= i + 1 < to && t.get(i + 1).is(SqlTokenizer.STATEMENT, "select");
            afterValue = false;
          }
          case ')' -> {
            if (--depth < 0) {
              return INVALID;
            }
            afterValue = true;
          }
          case SqlTokenizer.OPERATOR, SqlTokenizer.COMPARE, SqlTokenizer.LOGIC -> {
            operators++;
            symbols += isSymbol(token.text()) ? 1 : 0;
            conditions += token.type() == SqlTokenizer.OPERATOR ? 0 : 1;
            afterValue = false;
          }
          case ',', SqlTokenizer.KEYWORD -> afterValue = false;
          case SqlTokenizer.STATEMENT -> {
            if (!token.text().equals("select") || i == from || t.get(i - 1).type() != '(') {
              return INVALID;
            }
            afterValue = false;
          }
          default -> {
            return INVALID;
          }
        }
      }
      return new Expression(
          true, operands, operators, symbols, conditions, names, calls, specific, subquery);
    }
  }

  /** Index after the operand starting at {@code i}, or -1. */
  private static int operandEnd(List<Token> t, int i) {
    if (i >= t.size()) {
      return -1;
    }
    char type = t.get(i).type();
    if (type == SqlTokenizer.FUNCTION) {
      return i + 1 < t.size() && t.get(i + 1).type() == '(' ? closingParen(t, i + 1) : i + 1;
    }
    if (type == '(') {
      return closingParen(t, i);
    }
    // USER, SQL's function without parentheses (the current login), read as a keyword; as an
    // operand it is a name like any other: ' and user like 'r%
    if (isOperand(type) || t.get(i).is(SqlTokenizer.KEYWORD, "user")) {
      int end = i + 1;
      // arithmetic on the left of a comparison: 1+1=2, ascii(x)-64>0
      while (end + 1 < t.size()
          && t.get(end).type() == SqlTokenizer.OPERATOR
          && isOperand(t.get(end + 1).type())) {
        end += 2;
      }
      return end;
    }
    return -1;
  }

  private static int closingParen(List<Token> t, int open) {
    int depth = 0;
    for (int i = open; i < t.size(); i++) {
      if (t.get(i).type() == '(') {
        depth++;
      } else if (t.get(i).type() == ')' && --depth == 0) {
        return i + 1;
      }
    }
    return t.size();
  }

  /**
   * {@code admin'--}, {@code admin'#}, {@code admin'/*}: the string closed and the rest of the
   * query cut off.
   */
  private static boolean endsWithCutComment(List<Token> all, Token first) {
    // the literal, the parentheses it closes (admin')--, a query's WHERE (name = '…')), a comment
    int last = all.size() - 1;
    if (last < 1
        || last > 4
        || all.get(0) != first
        || all.get(last).type() != SqlTokenizer.COMMENT) {
      return false;
    }
    for (int i = 1; i < last; i++) {
      if (all.get(i).type() != ')') {
        return false;
      }
    }
    // a single value closed early (admin'--); a phrase before the quote is text, not a login name
    if (first.text().strip().indexOf(' ') >= 0) {
      return false;
    }
    Token comment = all.get(last);
    if (comment.text().equals("#")) {
      return comment.has(Token.EMPTY_COMMENT);
    }
    return comment.has(Token.STRICT_COMMENT);
  }

  private static boolean endsWithComment(List<Token> all) {
    return !all.isEmpty() && all.get(all.size() - 1).type() == SqlTokenizer.COMMENT;
  }

  private static boolean isOperand(char type) {
    return type == SqlTokenizer.NUMBER
        || type == SqlTokenizer.STRING
        || type == SqlTokenizer.VARIABLE
        || type == SqlTokenizer.BAREWORD;
  }

  private static boolean isTruthValue(char type) {
    return type == SqlTokenizer.NUMBER || type == SqlTokenizer.VARIABLE;
  }

  private static boolean isSymbol(String operator) {
    return !Character.isLetter(operator.charAt(0));
  }

  private static boolean isLiteral(char type) {
    return type == SqlTokenizer.NUMBER || type == SqlTokenizer.STRING;
  }

  private static boolean isName(char type) {
    return type == SqlTokenizer.BAREWORD || type == SqlTokenizer.KEYWORD;
  }
}
