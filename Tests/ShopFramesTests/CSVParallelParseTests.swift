import Foundation
import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

/// Parsing a file in segments on several threads (`CSVLoader+Segments`) must give exactly
/// what one pass gives: the same column types, values, dictionary codes and null masks,
/// the same rejects with the same lines, the same notes. Each test loads a file once with
/// one thread and no segments, then in segments of many sizes (down to one byte, so that
/// cuts fall inside quoted fields, between CR and LF, on blank lines and in the header),
/// and compares everything. Plain files are also read in `pread` windows of the same sizes.
final class CSVParallelParseTests: XCTestCase {
  private let folder = CSVTestFolder()

  /// Small sizes put a cut in every place a record can be cut; the larger ones leave
  /// several records per segment, so columns are joined from many non-empty parts.
  private static let sizes = [1, 2, 3, 5, 8, 13, 31, 64, 200, 1_000, 100_000]

  /// Loads `path` in one pass, then in segments of each size (on 2 threads and on 1), and
  /// asserts every load equals the first. Returns the one-pass result.
  @discardableResult
  private func assertSegmentsMatchOnePass(
    _ path: String, _ options: CSVOptions = CSVOptions(), sizes: [Int] = sizes,
    file: StaticString = #filePath, line: UInt = #line
  ) throws -> LoadResult {
    var one = options
    one.threads = 1
    let expected = try CSVReader.load(path, options: one)
    for size in sizes {
      for threads in [2, 1] {
        var split = options
        split.threads = threads
        split.segmentBytes = size
        let got = try CSVReader.load(path, options: split)
        assertIdentical(
          expected, got, "segments of \(size) bytes, \(threads) threads", file: file, line: line)
      }
      // Plain files read with pread in windows of the same size (`CSVByteWindow`), in one
      // pass and in segments: every record is cut by a window's end somewhere.
      var windows = options
      windows.threads = 1
      windows.windowBytes = size
      assertIdentical(
        expected, try CSVReader.load(path, options: windows), "windows of \(size) bytes",
        file: file, line: line)
      windows.threads = 2
      windows.segmentBytes = size
      assertIdentical(
        expected, try CSVReader.load(path, options: windows),
        "windows and segments of \(size) bytes, 2 threads", file: file, line: line)
    }
    return expected
  }

  private func assertIdentical(
    _ a: LoadResult, _ b: LoadResult, _ what: String, file: StaticString, line: UInt
  ) {
    XCTAssertEqual(a.frame.columnNames, b.frame.columnNames, what, file: file, line: line)
    XCTAssertEqual(a.frame.rowCount, b.frame.rowCount, what, file: file, line: line)
    for (x, y) in zip(a.frame.columns, b.frame.columns) {
      let column = "\(what), column \(x.name)"
      switch (x.data, y.data) {
      case (.int(let p, let v), .int(let q, let w)), (.datetime(let p, let v), .datetime(let q, let w)):
        XCTAssertEqual(p, q, column, file: file, line: line)
        XCTAssertEqual(v, w, column, file: file, line: line)
      case (.float(let p, let v), .float(let q, let w)):
        XCTAssertEqual(p.map(\.bitPattern), q.map(\.bitPattern), column, file: file, line: line)
        XCTAssertEqual(v, w, column, file: file, line: line)
      case (.bool(let p, let v), .bool(let q, let w)):
        XCTAssertEqual(p, q, column, file: file, line: line)
        XCTAssertEqual(v, w, column, file: file, line: line)
      case (.string(let p, let d), .string(let q, let e)):
        XCTAssertEqual(p, q, column, file: file, line: line)
        XCTAssertEqual(d, e, column, file: file, line: line)
      default:
        XCTFail("\(column): \(x.type) against \(y.type)", file: file, line: line)
      }
    }
    XCTAssertEqual(a.rejects.rowCount, b.rejects.rowCount, what, file: file, line: line)
    for name in ["line", "file", "reason", "text"] {
      XCTAssertEqual(
        csvCells(a.rejects, name), csvCells(b.rejects, name), "\(what), rejects' \(name)",
        file: file, line: line)
    }
    XCTAssertEqual(a.warnings, b.warnings, what, file: file, line: line)
    XCTAssertEqual(a.nulledValueCount, b.nulledValueCount, what, file: file, line: line)
    XCTAssertEqual(a.delimiterName, b.delimiterName, what, file: file, line: line)
  }

  // MARK: Real data

  /// The 13 monthly gzip files as one glob (each file in segments, a header per file)
  /// and the plain non-UK file, in segments of 64 kB to 1 MB.
  func testOnlineRetailInSegmentsIsTheOnePassLoad() throws {
    let glob = try testDataPath("uci-online-retail/monthly/*.csv.gz")
    let monthly = try assertSegmentsMatchOnePass(glob, sizes: [65_536, 1 << 20])
    // pandas: sum(len(pd.read_csv(f)) for f in the 13 files) == 541909.
    XCTAssertEqual(monthly.frame.rowCount, 541_909)
    let plain = try testDataPath("uci-online-retail/online_retail_non_uk.csv")
    let nonUK = try assertSegmentsMatchOnePass(plain, sizes: [4_096, 65_536, 1 << 20])
    XCTAssertGreaterThan(nonUK.frame.rowCount, 0)
    // Forced types and keep types take other paths through the builders.
    var forced = CSVOptions()
    forced.types = ["CustomerID": .string, "Quantity": .float]
    forced.keepTypes = true
    try assertSegmentsMatchOnePass(plain, forced, sizes: [65_536])
  }

  // MARK: Synthetic edge cases

  func testQuotedLineBreaksAcrossCuts() throws {
    var text = "id,note,qty\n"
    for i in 1...40 {
      let note = i % 3 == 0 ? "\"two\nlines, \"\"quoted\"\"\"" : i % 3 == 1 ? "\"a\r\nb\rc\"" : "plain"
      text += "\(i),\(note),\(i * 2)\n"
    }
    let r = try assertSegmentsMatchOnePass(folder.write("q.csv", text))
    XCTAssertEqual(r.frame.rowCount, 40)
    XCTAssertEqual(csvCells(r.frame, "note")[2], .string("two\nlines, \"quoted\""))
  }

  func testCRLFAndLoneCRLineEnds() throws {
    var crlf = "a,b\r\n"
    var cr = "a,b\r"
    for i in 1...30 {
      crlf += "\(i),x\(i % 4)\r\n"
      cr += "\(i),\"y\r\(i % 4)\"\r"
    }
    try assertSegmentsMatchOnePass(folder.write("crlf.csv", crlf))
    let r = try assertSegmentsMatchOnePass(folder.write("cr.csv", cr + "31\r"))
    // The short last record is rejected at its line: quoted CRs count as lines too.
    XCTAssertEqual(csvCells(r.rejects, "line"), [.int(62)])
  }

  /// Sizes for files past the 1,000 sampled records (those that widen late): every
  /// segment holds a few records at least, and the load stays quick.
  private static let largerSizes = [7, 64, 500, 5_000]

  func testAMisfitOnlyInTheLastSegmentWidensAsOnePassDoes() throws {
    // Past the sample (1,000 records), so only the load itself sees them.
    var text = "id,amount,day,code,big\n"
    for i in 1...1_100 {
      text += "\(i),\(i).5,2011-01-\(String(format: "%02d", i % 28 + 1)),\(i),\(i)\n"
    }
    text += "1101,1e999x,2011-02-30,C61,99999999999999999999\n1102,1,2011-01-01,7,1.5\n"
    let r = try assertSegmentsMatchOnePass(folder.write("late.csv", text), sizes: Self.largerSizes)
    XCTAssertEqual(csvType(r.frame, "amount"), .string)
    XCTAssertEqual(csvType(r.frame, "code"), .string)
    XCTAssertEqual(csvType(r.frame, "day"), .datetime)
    XCTAssertNotEqual(csvType(r.frame, "big"), .int)
    XCTAssertTrue(r.warnings.contains { $0.contains("line 1102") }, "\(r.warnings)")
    XCTAssertEqual(r.nulledValueCount, 1)
  }

  /// `keepText`: in a text column NA, None and - stay as written (only an empty field is
  /// null), also in a column that widens to text past the sample and across segments; number
  /// columns still read them as null.
  func testKeepTextKeepsNullWordsInTextColumnsOnly() throws {
    var text = "country,late,n\n"
    for i in 1...1_100 { text += "\(i % 3 == 0 ? "NA" : "DE"),\(i % 5 == 0 ? "NA" : String(i)),\(i % 7 == 0 ? "NA" : String(i))\n" }
    text += "None,C61,-\n,-,5\n"
    var options = CSVOptions()
    options.keepText = true
    let path = folder.write("namibia.csv", text)
    let kept = try assertSegmentsMatchOnePass(path, options, sizes: Self.largerSizes)
    let country = kept.frame.column(named: "country")!
    XCTAssertEqual(country[2], .string("NA"))
    XCTAssertEqual(country[1_100], .string("None"))
    XCTAssertEqual(country[1_101], .null, "an empty field is still null")
    let late = kept.frame.column(named: "late")!
    XCTAssertEqual(csvType(kept.frame, "late"), .string, "C61 past the sample widens it to text")
    XCTAssertEqual(late[4], .string("NA"))
    XCTAssertEqual(late[1_101], .string("-"))
    XCTAssertEqual(csvType(kept.frame, "n"), .int)
    XCTAssertEqual(kept.frame.column(named: "n")![6], .null, "a number column reads NA as null")
    // Without the option, the same words are nulls.
    let plain = try CSVReader.load(path).frame
    XCTAssertEqual(plain.column(named: "country")![2], .null)
    XCTAssertEqual(plain.column(named: "late")![4], .null)
  }

  func testManyImpossibleDatesTurnADateColumnToTextAtTheSameRow() throws {
    // Past 100 impossible dates (and 1% of the values) a date column widens: a rule that
    // counts every value before, so segments cannot decide it alone.
    var text = "day,n\n"
    for i in 1...1_000 { text += "2011-03-0\(i % 9 + 1),\(i)\n" }
    for i in 1...300 { text += "\(i % 2 == 0 ? "2011-02-30" : "2011-03-0\(i % 9 + 1)"),\(i)\n" }
    let r = try assertSegmentsMatchOnePass(folder.write("dates.csv", text), sizes: Self.largerSizes)
    XCTAssertEqual(csvType(r.frame, "day"), .string)
    // Fewer of them stay nulls, listed with their lines.
    var few = "day,n\n"
    for i in 1...1_200 { few += "\(i % 97 == 0 ? "2011-02-30" : "2011-03-0\(i % 9 + 1)"),\(i)\n" }
    let f = try assertSegmentsMatchOnePass(folder.write("few.csv", few), sizes: Self.largerSizes)
    XCTAssertEqual(csvType(f.frame, "day"), .datetime)
    XCTAssertEqual(f.nulledValueCount, 12)
  }

  func testAFileSmallerThanASegment() throws {
    let r = try assertSegmentsMatchOnePass(folder.write("small.csv", "a,b\n1,2\n"), sizes: [1_000_000])
    XCTAssertEqual(csvCells(r.frame, "b"), [.int(2)])
    try assertSegmentsMatchOnePass(folder.write("header-only.csv", "a,b\n"))
    try assertSegmentsMatchOnePass(folder.write("one-line.csv", "1,2"))
  }

  func testBlankLinesEverywhereEvenBeforeTheHeader() throws {
    let text = "\n\n\n\nname,qty\n\n\nx,1\n\n\r\n\ny,2\n\n\nz,3\n\n"
    let r = try assertSegmentsMatchOnePass(folder.write("blank.csv", text))
    XCTAssertEqual(r.frame.columnNames, ["name", "qty"])
    XCTAssertEqual(csvCells(r.frame, "qty"), [.int(1), .int(2), .int(3)])
  }

  func testRejectsRepeatedHeadersAndForcedTypesKeepTheirLines() throws {
    var text = "id,qty,name\n"
    for i in 1...50 {
      switch i % 10 {
      case 3: text += "\(i),\(i)\n"  // too few fields
      case 5: text += "id,qty,name\n"  // the header again
      case 7: text += "\(i),many,\"n\(i)\"x\n"  // text after a closing quote, and not an int
      case 9: text += "\(i),lots,n\(i)\n"  // not an int
      default: text += "\(i),\(i * 3),\"n\n\(i)\"\n"
      }
    }
    text += "51,1,\"never closed\n52,2,n\n"
    var options = CSVOptions()
    options.types = ["qty": .int]
    let r = try assertSegmentsMatchOnePass(folder.write("rejects.csv", text), options)
    XCTAssertGreaterThan(r.rejects.rowCount, 10)
    XCTAssertTrue(r.warnings.contains { $0.contains("repeated header") }, "\(r.warnings)")
    // Unforced, the misfits widen `qty` instead, and a second pass must skip no row.
    try assertSegmentsMatchOnePass(folder.write("rejects2.csv", text))
  }

  func testKeepTypesNullsKeepTheirLines() throws {
    var text = "n,price\n"
    for i in 1...1_100 { text += "\(i),\(i % 100 == 0 ? "n/a?" : "\(i).25")\n" }
    var options = CSVOptions()
    options.keepTypes = true
    let r = try assertSegmentsMatchOnePass(
      folder.write("keep.csv", text), options, sizes: Self.largerSizes)
    XCTAssertEqual(csvType(r.frame, "price"), .float)
    XCTAssertEqual(r.nulledValueCount, 11)
  }

  func testAColumnThatStartsAllNull() throws {
    // All null in the sample (kind unknown): the first value later sets the kind. When
    // segments see different kinds, the column is read again as one pass would.
    var same = "a,b\n"
    var different = "a,b\n"
    for i in 1...1_400 {
      same += "\(i),\(i > 1_100 && i % 3 == 0 ? "\(i)" : "")\n"
      different += "\(i),\(i == 1_150 ? "7" : i == 1_380 ? "seven" : "")\n"
    }
    let r = try assertSegmentsMatchOnePass(folder.write("same.csv", same), sizes: Self.largerSizes)
    XCTAssertEqual(csvType(r.frame, "b"), .int)
    let d = try assertSegmentsMatchOnePass(
      folder.write("different.csv", different), sizes: Self.largerSizes)
    XCTAssertEqual(csvType(d.frame, "b"), .string)
  }

  func testLatin1BytesAndAGlobOfTwoFiles() throws {
    var bytes = Array("name,city\n".utf8)
    for i in 1...30 { bytes += Array("n\(i),".utf8) + (i % 4 == 0 ? [0x4D, 0xFC, 0x6E] : Array("Rome".utf8)) + [10] }
    folder.write("a1.csv", bytes: bytes)
    folder.write("a2.csv", "name,city\n\"x,y\",Oslo\nz,\"Ber\nlin\"\n")
    let r = try assertSegmentsMatchOnePass(folder.path + "/a*.csv")
    XCTAssertEqual(r.frame.rowCount, 32)
    XCTAssertTrue(r.warnings.contains { $0.contains("Windows-1252") }, "\(r.warnings)")
  }

  func testWhitespaceDelimiterAndNoFinalLineBreak() throws {
    var text = "name  qty\n"
    for i in 1...25 { text += "  \"a \(i)\"\t \(i)  \n" }
    text += "last 26"
    var options = CSVOptions()
    options.delimiter = 32
    try assertSegmentsMatchOnePass(folder.write("ws.csv", text), options)
  }

  /// Random files from a seeded generator: quoted fields with line breaks and doubled
  /// quotes, CRLF and CR, blank lines, short and long records, misfits of every column.
  func testRandomFilesInSegmentsAreTheOnePassLoad() throws {
    for seed in 1...25 {
      var g = SeededGenerator(seed: UInt64(seed))
      var text = "k,price,when,label\n"
      // Half the files start with 1,000 plain records, so their misfits fall past the sample.
      let plain = seed % 2 == 0 ? 1_000 : 0
      for i in 0..<plain { text += "\(i),\(Double(i) / 4),2011-01-0\(i % 9 + 1),l\(i % 5)\n" }
      for i in plain..<(plain + 20 + Int(g.next() % 60)) {
        let breakText = ["\n", "\r\n", "\r", "\n\n"][Int(g.next() % 4)]
        switch g.next() % 12 {
        case 0: text += "\(i),\(i)\(breakText)"
        case 1: text += "\(i),x\(i),2011-01-01,\"a\"\"b\"\(breakText)"
        case 2: text += "\(i),\(i).5,2011-02-31,\"multi\(breakText)line\"\(breakText)"
        case 3: text += "k,price,when,label\(breakText)"
        default: text += "\(i),\(Double(i) / 4),2011-0\(i % 9 + 1)-1\(i % 9),l\(i % 5)\(breakText)"
        }
      }
      if g.next() % 3 == 0 { text += "99,\"open" }
      try assertSegmentsMatchOnePass(
        folder.write("random\(seed).csv", text), sizes: plain > 0 ? [9, 90, 4_000] : [1, 4, 17, 90, 400])
    }
  }

  // MARK: Thread count

  func testThreadCountIsAtMostTheCores() {
    let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    XCTAssertEqual(RowChunks.threadCount(1), 1)
    XCTAssertEqual(RowChunks.threadCount(0), 1)
    XCTAssertEqual(RowChunks.threadCount(10_000), cores)
    setenv("SHOPLAB_THREADS", "1", 1)
    defer { unsetenv("SHOPLAB_THREADS") }
    XCTAssertEqual(RowChunks.threadCount(nil), 1)
    XCTAssertEqual(RowChunks.threadCount(2), min(2, cores))
  }
}

/// A small deterministic generator (SplitMix64) for the random files.
private struct SeededGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
