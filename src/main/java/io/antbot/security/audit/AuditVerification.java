package io.antbot.security.audit;

import io.vertx.core.json.JsonObject;

/**
 * The result of checking an audit trail's hash chain, across its sealed segments and the active
 * one.
 *
 * @param intact {@code true} when every whole entry verifies (a torn last line does not make a log
 *     broken)
 * @param entries how many whole entries were read
 * @param brokenLine 1-based line number, in {@code brokenFile}, of the first entry that does not
 *     verify, or {@code null}
 * @param brokenSeq that entry's {@code seq} when it could be read, or {@code null}
 * @param reason why it does not verify, or {@code null}
 * @param brokenFile the segment file of the broken entry ({@code null} when intact, or when one
 *     stream was checked)
 * @param tornLine 1-based line number of an unterminated last line (an append cut short), or {@code
 *     null}
 * @param tornBytes how many bytes that torn line has (0 when there is none)
 * @param tornFile the file of the torn line, or {@code null}
 * @param segments how many files were read (sealed segments and the active one)
 * @param prunedThrough when old segments were deleted under the size cap, the last {@code seq} they
 *     held, else null
 */
public record AuditVerification(
    boolean intact,
    long entries,
    Long brokenLine,
    Long brokenSeq,
    String reason,
    String brokenFile,
    Long tornLine,
    long tornBytes,
    String tornFile,
    int segments,
    Long prunedThrough) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("intact", intact).put("entries", entries);
    if (intact) {
      json.put("segments", segments);
    }
    if (prunedThrough != null) {
      json.put("pruned_through_seq", prunedThrough);
    }
    if (brokenLine != null) {
      JsonObject broken =
          new JsonObject().put("line", brokenLine).put("seq", brokenSeq).put("reason", reason);
      if (brokenFile != null) {
        broken.put("file", brokenFile);
      }
      json.put("first_broken", broken);
    }
    if (tornLine != null) {
      json.put("torn_tail", new JsonObject().put("line", tornLine).put("bytes", tornBytes));
    }
    return json;
  }

  /** One line for people: {@code intact: 12 entries} or {@code broken at line 7 (seq 7): ...}. */
  public String describe() {
    String torn =
        tornLine == null
            ? ""
            : "; torn last line " + tornLine + " (" + tornBytes + " bytes, an interrupted append)";
    if (intact) {
      String spread = segments > 1 ? " in " + segments + " segments" : "";
      String pruned =
          prunedThrough == null
              ? ""
              : " (entries up to seq " + prunedThrough + " were deleted under the size cap)";
      return "intact: " + entries + " entries" + spread + pruned + torn;
    }
    String where = brokenFile == null ? "" : " of " + brokenFile;
    return "broken at line "
        + brokenLine
        + where
        + (brokenSeq == null ? "" : " (seq " + brokenSeq + ")")
        + ": "
        + reason
        + torn;
  }
}
