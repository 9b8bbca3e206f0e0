import Foundation
import ShopCore
import XCTest

@testable import ShopFrames

/// The loader's shortcuts must give what the plain path gives: the UTF-8 check's 32-byte
/// ASCII skip, a date column reusing the previous value when its text repeats, and a text
/// column comparing with the previous value before hashing. Expected values come from the
/// parsers called on each field alone, not from the load.
final class CSVFastPathTests: XCTestCase {
  private let folder = CSVTestFolder()

  func testUTF8CheckSkipsASCIIUpToTheEndAndNoFurther() {
    for n in 0..<100 {
      // A byte that is not UTF-8 right after the range: the check must not look at it.
      var bytes = [UInt8](repeating: 97, count: n) + [0xFF, 0xFF]
      bytes.withUnsafeBufferPointer { b in
        XCTAssertTrue(CSVTextEncoding.isValidUTF8(UnsafeBufferPointer(rebasing: b[0..<n])), "\(n)")
      }
      guard n >= 2 else { continue }
      // "é" (C3 A9) ending at the range's end is fine; a lone C3 there, or an A9 alone, is not.
      bytes[n - 2] = 0xC3
      bytes[n - 1] = 0xA9
      bytes.withUnsafeBufferPointer { b in
        XCTAssertTrue(CSVTextEncoding.isValidUTF8(UnsafeBufferPointer(rebasing: b[0..<n])), "\(n)")
        XCTAssertFalse(
          CSVTextEncoding.isValidUTF8(UnsafeBufferPointer(rebasing: b[0..<(n - 1)])), "\(n) cut")
      }
      bytes[n - 2] = 97
      bytes.withUnsafeBufferPointer { b in
        XCTAssertFalse(CSVTextEncoding.isValidUTF8(UnsafeBufferPointer(rebasing: b[0..<n])), "\(n) lone")
      }
    }
  }

  /// Runs of one timestamp, neighbours that differ in one late character (same length),
  /// nulls and an impossible date between repeats, quoted repeats, and chunk boundaries
  /// (4,096 rows for a narrow file) inside runs.
  func testRepeatedDateTextIsReadAsEachValueAlone() throws {
    let texts = [
      "2011-01-01 10:00:00", "2011-01-01 10:00:00", "2011-01-01 10:00:01", "",
      "2011-01-01 10:00:01", "2011-01-01 10:00:10", "2011-02-28 10:00:00",
      "\"2011-02-28 10:00:00\"", "2011-02-28", "2011-02-28", "2011-02-28 10:00:00Z",
      "2011-02-28 10:00:00",
    ]
    var rows: [String] = []
    for i in 0..<9_000 { rows.append(texts[(i / 7) % texts.count]) }
    // An impossible date (read as null) between repeats, a few times only: many would
    // make the column text.
    for i in [2_000, 2_001, 4_095, 4_096, 7_000] { rows[i] = "2011-02-30 10:00:00" }
    let path = folder.write("dates.csv", "id,at\n" + rows.enumerated().map { "\($0),\($1)\n" }.joined())
    for threads in [1, 2] {
      var options = CSVOptions()
      options.threads = threads
      options.segmentBytes = threads == 2 ? 10_000 : nil
      let r = try CSVReader.load(path, options: options)
      XCTAssertEqual(csvType(r.frame, "at"), .datetime)
      let cells = csvCells(r.frame, "at")
      XCTAssertEqual(cells.count, rows.count)
      for (i, text) in rows.enumerated() {
        let bare = text.replacingOccurrences(of: "\"", with: "")
        let expected = Array(bare.utf8).withUnsafeBufferPointer { b in
          b.baseAddress.flatMap { DateTextParser.text($0, b.count) }
        }
        XCTAssertEqual(cells[i], expected.map { .datetime($0) } ?? .null, "row \(i): \(text)")
      }
    }
  }

  /// Neighbouring text values that share a prefix and a length (differing in byte 1, 8,
  /// 9 or the last), Latin-1 and quoted values: each distinct string gets its own code, in
  /// order of first appearance.
  func testNeighbouringTextValuesKeepTheirOwnCodes() throws {
    let values = [
      "85123A", "85123B", "85123A", "WHITE HANGING HEART", "WHITE HANGING HEARS", "WHITE HANGING HEART",
      "ABCDEFGH", "ABCDEFGI", "ABCDEFGHI", "ABCDEFGHJ", "\"a, \"\"quoted\"\" value\"",
      "\"a, \"\"quoted\"\" value\"", "a \"quoted\" value", "München", "Münchem", "007", "7", "07",
      // Every tail length of the hash (1 to 7 bytes past a whole word), in pairs that
      // differ in their last byte.
      "abcd", "abce", "abcde", "abcdf", "abcdefg", "abcdefh", "abcdefghijklm", "abcdefghijkln",
      "ab", "ac", "abc", "abd",
    ]
    var text = "n,label\n"
    var expected: [String] = []
    for i in 0..<200 {
      let v = values[i % values.count]
      text += "\(i),\(v)\n"
      expected.append(
        v.hasPrefix("\"") ? String(v.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"") : v)
    }
    let r = try CSVReader.load(folder.write("labels.csv", text))
    XCTAssertEqual(csvType(r.frame, "label"), .string)
    XCTAssertEqual(csvCells(r.frame, "label"), expected.map { .string($0) })
    guard case .string(let codes, let dictionary)? = r.frame.column(named: "label")?.data else {
      return XCTFail("label is not text")
    }
    var firstSeen: [String] = []
    for v in expected where !firstSeen.contains(v) { firstSeen.append(v) }
    XCTAssertEqual(dictionary, firstSeen)
    XCTAssertEqual(codes.map { dictionary[Int($0)] }, expected)
  }

  /// The field scan finds LF and CR as "a byte below 0x0E"; the other such bytes (tab,
  /// vertical tab, form feed, NUL) inside a field are part of it, at any place in a word.
  func testControlBytesInsideFieldsAreText() throws {
    var text = "id,note,qty\n"
    var expected: [String] = []
    for i in 0..<40 {
      let pad = String(repeating: "x", count: i % 11)
      let note = pad + ["\t", "\u{0B}", "\u{0C}", "\u{01}", "\u{00}"][i % 5] + pad + "end"
      expected.append(note)
      text += "\(i),\(note),\(i)\n"
    }
    for delimiter: UInt8? in [nil, 44] {
      var options = CSVOptions()
      options.delimiter = delimiter
      let r = try CSVReader.load(folder.write("control.csv", text), options: options)
      XCTAssertEqual(r.rejects.rowCount, 0)
      XCTAssertEqual(csvCells(r.frame, "note"), expected.map { .string($0) })
      XCTAssertEqual(csvCells(r.frame, "qty"), (0..<40).map { .int(Int64($0)) })
    }
    // Tab-separated: the tab (below 0x0E too) is the delimiter, a vertical tab is text.
    let tsv = "a\tb\n1\tx\u{0B}y\n2\tz\n"
    let t = try CSVReader.load(folder.write("control.tsv", tsv))
    XCTAssertEqual(csvCells(t.frame, "b"), [.string("x\u{0B}y"), .string("z")])
  }

  /// `float`'s one-pass path for plain decimals must give strtod's correctly rounded
  /// value, bit for bit, and leave everything else to the general path.
  func testPlainDecimalsAreStrtodsValues() {
    func parse(_ text: String) -> Double? {
      Array(text.utf8).withUnsafeBufferPointer { CSVFieldParser.float($0.baseAddress!, $0.count) }
    }
    func strtodValue(_ text: String) -> Double {
      text.withCString { strtod($0, nil) }
    }
    let valid = [
      "2.55", "-0.5", "12.", "0.0", "-0.0", "0.05", "100.0", "123456789012.345", "1234567890123.456",
      "99999999999999.9", "0.000000000000001", "1e5", "+1.5", " 2.5", ".5", "-12.75", "4.35",
      "1.0000000000000002", "9007199254740993.0",
    ]
    for text in valid {
      let got = parse(text)
      XCTAssertEqual(
        got?.bitPattern, strtodValue(text.trimmingCharacters(in: .whitespaces)).bitPattern, text)
    }
    XCTAssertEqual(parse("-0.0")?.sign, .minus)
    for text in ["007.5", "00.5", "1.5.2", "-", "1,5", "12", "-7", "1.5x", "--1.5", "1. 5"] {
      XCTAssertNil(parse(text), text)
    }
    // Random decimals of 1 to 18 digits, a point somewhere, half negative.
    var g = SeededRandom(seed: 13)
    for _ in 0..<5_000 {
      let digits = 1 + Int(g.next() % 18)
      var text = g.next() % 2 == 0 ? "-" : ""
      let point = 1 + Int(g.next() % UInt64(digits))
      for k in 0..<digits {
        if k == point { text += "." }
        text += String(k == 0 ? 1 + g.next() % 9 : g.next() % 10)
      }
      if point == digits { text += "." }
      XCTAssertEqual(parse(text)?.bitPattern, strtodValue(text).bitPattern, text)
    }
  }
}

