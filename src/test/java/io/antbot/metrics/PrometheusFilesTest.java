package io.antbot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.antbot.bus.AlertRuleSpec;
import io.antbot.settings.YamlDocument;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Prometheus and Grafana files: valid for their tools, and in step with the service.
 */
class PrometheusFilesTest {

  private static final Path ALERTS = Path.of("conf/prometheus/alerts.yml");
  private static final Path SCRAPE_CONFIG = Path.of("conf/prometheus/prometheus.yml");
  private static final Path DASHBOARD = Path.of("conf/grafana/antbot-core-dashboard.json");

  @Test
  @DisplayName("promtool accepts the alerting rules and the scrape configuration")
  void promtoolAcceptsFiles() {
    PrometheusTools.Result rules = PrometheusTools.checkRules(ALERTS);
    assertThat(rules.exit()).as(rules.out() + rules.err()).isZero();
    assertThat(rules.out()).contains("SUCCESS: 5 rules found");
    PrometheusTools.Result config =
        PrometheusTools.run(
            List.of(PrometheusTools.promtool(), "check", "config", SCRAPE_CONFIG.toString()), "");
    assertThat(config.exit()).as(config.out() + config.err()).isZero();
  }

  @Test
  @DisplayName(
      "promtool's rule unit test: the rules fire after their for-duration and resolve with hysteresis")
  void rulesUnitTest(@TempDir Path dir) throws Exception {
    Files.copy(ALERTS, dir.resolve("alerts.yml"));
    try (InputStream test = getClass().getResourceAsStream("alerts_test.yml")) {
      Files.write(dir.resolve("alerts_test.yml"), test.readAllBytes());
    }
    PrometheusTools.Result result =
        PrometheusTools.run(
            List.of(
                PrometheusTools.promtool(),
                "test",
                "rules",
                dir.resolve("alerts_test.yml").toString()),
            "");
    assertThat(result.exit()).as(result.out() + result.err()).isZero();
    assertThat(result.out()).contains("SUCCESS");
  }

  @Test
  @DisplayName(
      "the alerting-rules file carries the service's default rules: metric, threshold, hysteresis, for, severity")
  void sameRulesAsTheService() throws Exception {
    JsonArray rules =
        YamlDocument.read(ALERTS)
            .content()
            .getJsonArray("groups")
            .getJsonObject(0)
            .getJsonArray("rules");
    assertThat(rules).hasSize(MetricsOptions.defaults().alerts().size());
    for (AlertRuleSpec rule : MetricsOptions.defaults().alerts()) {
      JsonObject prometheus =
          rules.stream()
              .map(JsonObject.class::cast)
              .filter(r -> rule.name().equals(r.getString("alert")))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no rule " + rule.name() + " in " + ALERTS));
      String expr = prometheus.getString("expr").replaceAll("\\s+", " ").trim();
      BigDecimal threshold = BigDecimal.valueOf(rule.threshold());
      BigDecimal back = threshold.subtract(BigDecimal.valueOf(rule.hysteresis()));
      assertThat(rule.comparator()).isEqualTo(AlertRuleSpec.Comparator.GT);
      assertThat(expr)
          .startsWith(rule.metric() + " > " + threshold.toPlainString() + " or (")
          .contains(rule.metric() + " > " + back.stripTrailingZeros().toPlainString() + " and ")
          .contains("ALERTS{alertname=\"" + rule.name() + "\", alertstate=\"firing\"}");
      assertThat(seconds(prometheus.getString("for"))).isEqualTo((long) rule.forS());
      assertThat(prometheus.getJsonObject("labels").getString("severity"))
          .isEqualTo(rule.severity().wireName());
    }
  }

  private static long seconds(String duration) {
    long amount = Long.parseLong(duration.substring(0, duration.length() - 1));
    return switch (duration.charAt(duration.length() - 1)) {
      case 's' -> amount;
      case 'm' -> amount * 60;
      case 'h' -> amount * 3600;
      default -> throw new AssertionError("unexpected duration " + duration);
    };
  }

  @Test
  @DisplayName(
      "the Grafana dashboard has system, operations, trading and alert panels on series the service exports")
  void dashboard() throws Exception {
    JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
    List<String> rows = new ArrayList<>();
    List<String> exprs = new ArrayList<>();
    for (Object item : dashboard.getJsonArray("panels")) {
      JsonObject panel = (JsonObject) item;
      if ("row".equals(panel.getString("type"))) {
        rows.add(panel.getString("title"));
        continue;
      }
      assertThat(panel.getJsonArray("targets")).as(panel.getString("title")).isNotEmpty();
      panel.getJsonArray("targets").forEach(t -> exprs.add(((JsonObject) t).getString("expr")));
    }
    assertThat(rows).contains("System", "Operations", "Trading", "Alerts");

    Set<String> known = new HashSet<>();
    for (MetricName metric : MetricNames.ALL) {
      known.add(metric.prometheusName());
      if (metric.kind() == MetricName.Kind.TIMER) {
        for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
          known.add(metric.prometheusName() + suffix);
        }
      }
    }
    Set<String> used = new HashSet<>();
    Pattern name = Pattern.compile("antbot_[a-z0-9_]+");
    for (String expr : exprs) {
      Matcher matcher = name.matcher(expr);
      while (matcher.find()) {
        used.add(matcher.group());
      }
    }
    assertThat(known).containsAll(used);
    assertThat(used)
        .contains(
            "antbot_system_cpu_usage_ratio",
            "antbot_operation_duration_seconds_bucket",
            "antbot_trades_total",
            "antbot_trade_realized_profit_loss",
            "antbot_alerts_firing",
            "antbot_anomalies_total");
  }
}
