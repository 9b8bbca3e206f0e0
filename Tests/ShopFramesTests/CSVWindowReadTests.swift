import Foundation
import Glibc
import ShopCore
import Synchronization
import XCTest

@testable import ShopFrames

/// Large plain files are read with `pread` a window at a time (`CSVPlainFile`,
/// `CSVByteWindow`), never mapped: a file that another process truncates, extends or
/// rewrites during the load must give a clear error, never a crash (a mapped file cut
/// short kills the reader with SIGBUS). The changes happen at a chosen read, through the
/// loader's read hook, so each test is deterministic. Windows of every size giving the
/// one-pass result is checked in `CSVParallelParseTests`.
final class CSVWindowReadTests: XCTestCase {
  private let folder = CSVTestFolder()

  /// `rows` records of a few columns, a date among them (~40 bytes each).
  private func writeRecords(_ name: String, rows: Int, extra: String = "") -> String {
    var text = "id,price,when,label\n"
    for i in 0..<rows { text += "\(i),\(Double(i) / 4),2011-01-0\(i % 9 + 1) 10:00:00,l\(i % 7)\n" }
    return folder.write(name, text + extra)
  }

  /// Options that read `path` in small windows on one thread, calling `change` after the
  /// read that ends past byte `at` (once).
  private func changing(at offset: Int, _ change: @escaping @Sendable () -> Void) -> CSVOptions {
    var options = CSVOptions()
    options.threads = 1
    options.windowBytes = 4_096
    let done = Atomic<Bool>(false)
    options.afterFileRead = { start, count in
      if start + count > offset, !done.exchange(true, ordering: .relaxed) { change() }
    }
    return options
  }

  private func assertChangedError(
    _ path: String, _ options: CSVOptions, file: StaticString = #filePath, line: UInt = #line
  ) {
    let error = csvError(file: file, line: line) { _ = try CSVReader.load(path, options: options) }
    guard case .unreadable(let p, let reason)? = error else {
      XCTFail("expected unreadable, got \(String(describing: error))", file: file, line: line)
      return
    }
    XCTAssertEqual(p, path, file: file, line: line)
    XCTAssertTrue(reason.contains("changed while it was being read"), reason, file: file, line: line)
  }

  func testTruncatedDuringTheLoadIsAnErrorNotACrash() throws {
    let path = writeRecords("cut.csv", rows: 6_000)
    assertChangedError(path, changing(at: 100_000) { _ = truncate(path, 20_000) })
    // Cut to nothing, as `>` does before a tool rewrites the file.
    let again = writeRecords("empty.csv", rows: 6_000)
    assertChangedError(again, changing(at: 150_000) { _ = truncate(again, 0) })
  }

  func testGrownDuringTheLoadIsAnError() throws {
    let path = writeRecords("grow.csv", rows: 6_000)
    assertChangedError(
      path,
      changing(at: 100_000) {
        let fd = open(path, O_WRONLY | O_APPEND)
        _ = "9999,1.5,2011-01-01 10:00:00,new\n".withCString { write(fd, $0, strlen($0)) }
        close(fd)
      })
  }

  func testRewrittenInPlaceWithTheSameSizeIsAnError() throws {
    let path = writeRecords("same.csv", rows: 6_000)
    assertChangedError(
      path,
      changing(at: 100_000) {
        let fd = open(path, O_WRONLY)
        _ = "9".withCString { pwrite(fd, $0, 1, 30) }
        // An explicit modification time: the test does not depend on the clock's grain.
        var times = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        futimens(fd, &times)
        close(fd)
      })
  }

  /// A column that widens past the sample is read twice; a file cut between the two
  /// passes fails the second.
  func testTruncatedBetweenTwoPassesIsAnError() throws {
    let path = writeRecords("twice.csv", rows: 3_000, extra: "3000,not a number,2011-01-01 10:00:00,x\n")
    var options = CSVOptions()
    options.threads = 1
    options.windowBytes = 4_096
    // Reads from the text's start: the head, the first pass, then the second pass.
    let starts = Atomic<Int>(0)
    options.afterFileRead = { start, _ in
      if start == 0, starts.add(1, ordering: .relaxed).newValue == 3 { _ = truncate(path, 1_000) }
    }
    assertChangedError(path, options)
    // Untouched, the same file loads with the column widened to text.
    let intact = writeRecords("twice2.csv", rows: 3_000, extra: "3000,not a number,2011-01-01 10:00:00,x\n")
    var plain = CSVOptions()
    plain.windowBytes = 4_096
    let r = try CSVReader.load(intact, options: plain)
    XCTAssertEqual(csvType(r.frame, "price"), .string)
    XCTAssertEqual(r.frame.rowCount, 3_001)
  }

  /// Non-UTF-8 bytes far past the head (which was checked before the load) are found by a
  /// window; the load starts again with the file re-encoded, as a small file is.
  func testLatin1PastTheHeadIsReencodedAsInOnePass() throws {
    var bytes = Array("name,city\n".utf8)
    for i in 0..<4_000 { bytes += Array("n\(i),Rome\n".utf8) }
    bytes += Array("late,".utf8) + [0x4D, 0xFC, 0x6E] + Array("chen\n".utf8)
    let path = folder.write("late-latin1.csv", bytes: bytes)
    let whole = try CSVReader.load(path)
    for threads in [1, 2] {
      var options = CSVOptions()
      options.threads = threads
      options.windowBytes = 1_000
      options.segmentBytes = threads == 2 ? 5_000 : nil
      let windowed = try CSVReader.load(path, options: options)
      XCTAssertEqual(windowed.warnings, whole.warnings)
      XCTAssertEqual(csvCells(windowed.frame, "city"), csvCells(whole.frame, "city"))
    }
    XCTAssertTrue(whole.warnings.contains { $0.contains("Windows-1252") }, "\(whole.warnings)")
    XCTAssertEqual(csvCells(whole.frame, "city").last, .string("München"))
  }

  /// Records long enough that the 1,000 sampled ones run past the head (64 KB when windows
  /// are forced): the head is read further and the sample is the one-pass sample.
  func testASampleLongerThanTheHead() throws {
    var text = "id,words,amount\n"
    for i in 0..<1_200 {
      text += "\(i),\(String(repeating: "w\(i % 10) ", count: 40)),\(i % 50 == 0 ? "1,5" : "\(i)")\n"
    }
    let path = folder.write("long.csv", text)
    let whole = try CSVReader.load(path)
    var options = CSVOptions()
    options.windowBytes = 512
    // The head is 64 KB and 3 bytes; reading more of it is one read from there (windows
    // read at most 512 bytes at a time here).
    let headReads = Atomic<Int>(0)
    options.afterFileRead = { start, count in
      if start == 65_539, count > 50_000 { headReads.add(1, ordering: .relaxed) }
    }
    let windowed = try CSVReader.load(path, options: options)
    XCTAssertEqual(headReads.load(ordering: .relaxed), 1)
    XCTAssertEqual(windowed.frame.columnNames, whole.frame.columnNames)
    for name in whole.frame.columnNames {
      XCTAssertEqual(csvType(windowed.frame, name), csvType(whole.frame, name), name)
      XCTAssertEqual(csvCells(windowed.frame, name), csvCells(whole.frame, name), name)
    }
    XCTAssertEqual(csvCells(windowed.rejects, "line"), csvCells(whole.rejects, "line"))
  }
}
