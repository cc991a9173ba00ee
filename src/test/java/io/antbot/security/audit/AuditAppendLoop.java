package io.antbot.security.audit;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A separate JVM for the crash test: appends audit entries as fast as it can until it is killed,
 * after saying "ready" on stdout once it has written the first {@code args[1]} entries.
 */
public final class AuditAppendLoop {

  private AuditAppendLoop() {}

  public static void main(String[] args) throws Exception {
    int readyAfter = Integer.parseInt(args[1]);
    try (HashChainedAuditLog audit =
        HashChainedAuditLog.open(Path.of(args[0]), false, Clock.systemUTC())) {
      String padding = "x".repeat(2000);
      for (long i = 1; ; i++) {
        audit.append("crash_test", new JsonObject().put("n", i).put("padding", padding));
        if (i == readyAfter) {
          System.out.println("ready");
          System.out.flush();
        }
      }
    }
  }
}
