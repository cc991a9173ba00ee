package io.antbot.security.audit;

import io.vertx.core.json.JsonObject;

/**
 * The result of checking an audit log's hash chain.
 *
 * @param intact      {@code true} when every whole entry verifies (a torn last line does not make a log broken)
 * @param entries     how many whole entries were read
 * @param brokenLine  1-based line number of the first entry that does not verify, or {@code null}
 * @param brokenSeq   that entry's {@code seq} when it could be read, or {@code null}
 * @param reason      why it does not verify, or {@code null}
 * @param tornLine    1-based line number of an unterminated last line (an append cut short), or {@code null}
 * @param tornBytes   how many bytes that torn line has (0 when there is none)
 */
public record AuditVerification(boolean intact, long entries, Long brokenLine, Long brokenSeq, String reason,
                                Long tornLine, long tornBytes) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("intact", intact).put("entries", entries);
    if (brokenLine != null) {
      json.put("first_broken", new JsonObject().put("line", brokenLine).put("seq", brokenSeq).put("reason", reason));
    }
    if (tornLine != null) {
      json.put("torn_tail", new JsonObject().put("line", tornLine).put("bytes", tornBytes));
    }
    return json;
  }

  /** One line for people: {@code intact: 12 entries} or {@code broken at line 7 (seq 7): ...}. */
  public String describe() {
    String torn = tornLine == null ? "" : "; torn last line " + tornLine + " (" + tornBytes + " bytes, an interrupted append)";
    if (intact) {
      return "intact: " + entries + " entries" + torn;
    }
    return "broken at line " + brokenLine + (brokenSeq == null ? "" : " (seq " + brokenSeq + ")") + ": " + reason + torn;
  }
}
