package io.antbot.security.cli;

import io.antbot.security.crypto.CryptoException;
import io.antbot.security.crypto.Fernet;
import io.antbot.security.crypto.FernetKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A command-line entry point for checking Fernet compatibility with other implementations ({@code
 * scripts/fernet-interop.sh} runs it against Python's {@code cryptography.fernet}).
 *
 * <pre>
 *   FERNET_KEY=... java -cp target/classes io.antbot.security.cli.FernetInterop encrypt  &lt; data  &gt; token
 *   FERNET_KEY=... java -cp target/classes io.antbot.security.cli.FernetInterop decrypt [TTL_S] &lt; token &gt; data
 * </pre>
 *
 * The key comes from the environment, not the command line, so it does not show in process
 * listings. Exit codes: 0 done, 1 the token was refused, 2 wrong usage.
 */
public final class FernetInterop {

  private FernetInterop() {}

  public static void main(String[] args) throws IOException {
    String key = System.getenv("FERNET_KEY");
    if (args.length < 1
        || key == null
        || !(args[0].equals("encrypt") || args[0].equals("decrypt"))) {
      System.err.println(
          "usage: FERNET_KEY=<key> FernetInterop encrypt|decrypt [ttl_s]  (data or token on stdin)");
      System.exit(2);
    }
    byte[] input = System.in.readAllBytes();
    try {
      Fernet fernet = new Fernet(FernetKey.parse(key));
      if (args[0].equals("encrypt")) {
        System.out.print(fernet.encrypt(input));
      } else {
        Duration ttl = args.length > 1 ? Duration.ofSeconds(Long.parseLong(args[1])) : null;
        System.out.write(fernet.decrypt(new String(input, StandardCharsets.US_ASCII).trim(), ttl));
      }
      System.out.flush();
    } catch (CryptoException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }
}
