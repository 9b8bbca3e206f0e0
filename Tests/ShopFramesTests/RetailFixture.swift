import Foundation
import ShopCore
import ShopTestSupport

@testable import ShopFrames

/// The non-UK slice of UCI Online Retail (46,431 rows), read by a minimal test-only
/// reader: the real CSV loader lives elsewhere, and these tests only need this one file
/// (RFC 4180 quoting, ISO datetimes, empty CustomerID for missing).
enum RetailFixture {
  /// The bundled copy in `data/online-retail/`.
  static let path = (try? testDataPath("uci-online-retail/online_retail_non_uk.csv"))
    ?? TestData.bundledDirectory + "/online-retail/online_retail_non_uk.csv"

  /// Loaded once for the whole test run.
  static let frame: Frame = load()

  private static func load() -> Frame {
    guard let data = FileManager.default.contents(atPath: path) else { return .empty }
    let bytes = [UInt8](data)
    var fields: [[String]] = Array(repeating: [], count: 8)
    var field: [UInt8] = []
    var column = 0
    var inQuotes = false
    var header = true
    var i = 0
    func endField() {
      if !header { fields[column].append(String(decoding: field, as: UTF8.self)) }
      field.removeAll(keepingCapacity: true)
      column += 1
    }
    while i < bytes.count {
      let b = bytes[i]
      if inQuotes {
        if b == 34 {
          if i + 1 < bytes.count && bytes[i + 1] == 34 {
            field.append(34)
            i += 1
          } else {
            inQuotes = false
          }
        } else {
          field.append(b)
        }
      } else if b == 34 {
        inQuotes = true
      } else if b == 44 {
        endField()
      } else if b == 10 {
        endField()
        column = 0
        header = false
      } else {
        field.append(b)
      }
      i += 1
    }
    let names = [
      "InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID",
      "Country",
    ]
    var columns: [Column] = []
    for (k, name) in names.enumerated() {
      let texts = fields[k]
      switch name {
      case "Quantity", "CustomerID":
        columns.append(ints(name, texts.map { Int64($0) }))
      case "UnitPrice":
        columns.append(floats(name, texts.map { Double($0) }))
      case "InvoiceDate":
        columns.append(dates(name, texts.map { $0.isEmpty ? nil : $0 }))
      default:
        columns.append(strings(name, texts.map { $0.isEmpty ? nil : $0 }))
      }
    }
    return Frame(columns: columns)
  }
}
