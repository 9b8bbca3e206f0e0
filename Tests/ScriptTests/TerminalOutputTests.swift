import Foundation
import XCTest

/// The bytes a terminal receives from the real shoplab when data holds control codes:
/// shown as `\x1b`, `\u{200B}`, never obeyed, and a table stays aligned (a CR LF inside a
/// quoted cell is one ⏎). (A CSV cell with `ESC]52;c;…BEL` would set
/// the clipboard, `ESC[2J` clear the screen; a zero-width space makes 'na​me' look like
/// 'name'.)
final class TerminalOutputTests: XCTestCase {
  override func setUpWithError() throws { try Shoplab.requireBinary() }

  func testControlCodesInDataNamesAndSourceLinesReachTheTerminalVisibly() throws {
    let dir = try Shoplab.temporaryFolder()
    let csv = "name,na\u{200B}me\n\"\u{1B}]52;c;cHduZWQ=\u{07}\",\"\u{1B}[2J\"\n\"line1\r\nline2\",ok\n"
    try csv.write(toFile: dir + "/evil.csv", atomically: true, encoding: .utf8)
    let script = "let t = load \"evil.csv\"\nt\nt | select nam\nprint x\u{1B}[2J\n"
    try script.write(toFile: dir + "/s.shop", atomically: true, encoding: .utf8)
    let r = try Shoplab.run(["--db", ":memory:", "--keep-going", "run", "s.shop"], directory: dir)
    XCTAssertEqual(r.status, 1)
    XCTAssertEqual(
      r.stdout,
      "load: 2 rows × 2 columns from evil.csv, comma-separated\nt: 2 rows × 2 columns\n"
        + "name                    na\\u{200B}me\n──────────────────────  ────────────\n"
        + "\\x1b]52;c;cHduZWQ=\\x07  \\x1b[2J\nline1⏎line2             ok\n")
    XCTAssertEqual(
      r.stderr,
      "error: unknown column 'nam'\n --> s.shop:3:12\n  |\n3 | t | select nam\n"
        + "  |            ^^^ did you mean 'name'?\n  = columns: name, na\\u{200B}me\n"
        + "error: unexpected character '\\x1b'\n --> s.shop:4:8\n  |\n4 | print x\\x1b[2J\n  |        ^^^^\n")
    // Nothing a terminal would act on: no ESC, BEL, CR or invisible character at all.
    for scalar in (r.stdout + r.stderr).unicodeScalars {
      XCTAssertFalse([0x1B, 0x07, 0x0D, 0x200B].contains(scalar.value), "raw U+\(String(scalar.value, radix: 16))")
    }
  }
}
