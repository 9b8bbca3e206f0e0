import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

/// `CSVWriter`: quoting, formats, and write-then-load round trips.
final class CSVWriterTests: XCTestCase {
  private let folder = CSVTestFolder()

  /// A frame with every type, nulls in each, and strings that need quoting.
  private func sampleFrame() -> Frame {
    Frame(columns: [
      Column(name: "id", scalars: [.int(1), .int(-42), .null, .int(Int64.max)]),
      Column(
        name: "price",
        scalars: [.float(0.1), .float(1e-300), .float(12345.678), .null]),
      Column(
        name: "text",
        scalars: [
          .string("plain"), .string("comma, inside"), .string("quote \"q\" and\nnewline"),
          .null,
        ]),
      Column(name: "flag", scalars: [.bool(true), .null, .bool(false), .bool(true)]),
      Column(
        name: "when",
        scalars: [.datetime(1_291_191_960), .datetime(0), .null, .datetime(-86_400)]),
      Column(
        name: "city", scalars: [.string("São Paulo"), .string("Zürich"), .null, .string("€")]),
    ])
  }

  func testEncodedText() {
    let out = CSVByteBuffer()
    CSVWriter.encode(sampleFrame(), into: out)
    let text = String(decoding: out.all, as: UTF8.self)
    XCTAssertEqual(
      text,
      """
      id,price,text,flag,when,city
      1,0.1,plain,true,2010-12-01 08:26:00,São Paulo
      -42,1e-300,"comma, inside",,1970-01-01 00:00:00,Zürich
      ,12345.678,"quote ""q"" and
      newline",false,,
      9223372036854775807,,,true,1969-12-31 00:00:00,€

      """)
  }

  func testRoundTripPlain() throws {
    let path = folder.path + "/out.csv"
    try CSVWriter.write(sampleFrame(), to: path)
    let back = try CSVReader.load(path)
    XCTAssertEqual(back.rejects.rowCount, 0)
    assertSameCSVFrame(back.frame, sampleFrame())
  }

  func testRoundTripGzip() throws {
    let path = folder.path + "/out.csv.gz"
    try CSVWriter.write(sampleFrame(), to: path)
    let raw = try XCTUnwrap(FileManager.default.contents(atPath: path))
    XCTAssertEqual(Array(raw.prefix(2)), [0x1f, 0x8b])  // really gzip
    assertSameCSVFrame(try CSVReader.load(path).frame, sampleFrame())
  }

  func testFloatsRoundTripBitForBit() throws {
    var generator = SeededRandom(seed: 7)
    let values = (0..<2000).map { _ in
      Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF)
        * (generator.next() % 2 == 0 ? 1 : -1)
    }
    let frame = Frame(columns: [Column(name: "x", data: .float(values, .allValid))])
    let path = folder.path + "/floats.csv"
    try CSVWriter.write(frame, to: path)
    let back = try CSVReader.load(path).frame
    guard case .float(let read, _)? = back.column(named: "x")?.data else {
      return XCTFail("x is not a float column")
    }
    XCTAssertEqual(read.map(\.bitPattern), values.map(\.bitPattern))
  }

  func testRandomStringsRoundTrip() throws {
    // Strings built from the characters CSV must escape, plus blanks and non-ASCII. Each
    // starts with a letter so none is empty, a null token or a number.
    let alphabet: [Character] = ["a", "b", ",", "\"", "\n", "\r", " ", "\t", ";", "é", "€", "😀"]
    var generator = SeededRandom(seed: 11)
    let values: [Scalar] = (0..<3000).map { _ in
      let length = generator.nextInt(below: 12)
      let body = (0..<length).map { _ in alphabet[generator.nextInt(below: alphabet.count)] }
      return .string("s" + String(body))
    }
    let frame = Frame(columns: [
      Column(name: "text", scalars: values),
      Column(name: "n", scalars: values.indices.map { .int(Int64($0)) }),
    ])
    let path = folder.path + "/strings.csv"
    try CSVWriter.write(frame, to: path)
    let back = try CSVReader.load(path)
    XCTAssertEqual(back.rejects.rowCount, 0)
    assertSameCSVFrame(back.frame, frame)
  }

  func testRealDataRoundTrip() throws {
    // The non-UK Online Retail rows: strings with commas and quotes, nulls, dates, floats.
    let original = try CSVReader.load(try testDataPath("uci-online-retail/online_retail_non_uk.csv"))
    let path = folder.path + "/non_uk.csv.gz"
    try CSVWriter.write(original.frame, to: path)
    assertSameCSVFrame(try CSVReader.load(path).frame, original.frame)
  }

  func testUnwritablePath() {
    let error = csvError {
      try CSVWriter.write(sampleFrame(), to: folder.path + "/no/such/dir/x.csv")
    }
    guard case .unwritable(let path, _)? = error else {
      return XCTFail("\(String(describing: error))")
    }
    XCTAssertEqual(path, folder.path + "/no/such/dir/x.csv")
  }
}
