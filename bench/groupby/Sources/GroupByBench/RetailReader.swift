import CZlib
import ShopCore
import ShopFrames

/// A minimal reader for the monthly UCI Online Retail files (gzip, RFC 4180 CSV, ISO
/// datetimes): just enough to build the 541,909-row frame for the benchmark. The real
/// CSV loader lives in ShopFrames/CSV.
enum RetailReader {
  static func gunzip(_ path: String) -> [UInt8] {
    guard let file = gzopen(path, "rb") else { fatalError("cannot open \(path)") }
    defer { gzclose(file) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
      if n <= 0 { break }
      out.append(contentsOf: buffer[0..<Int(n)])
    }
    return out
  }

  /// Fields of every data row (header dropped), appended column-wise.
  static func split(_ bytes: [UInt8], into fields: inout [[String]]) {
    var field: [UInt8] = []
    var column = 0
    var inQuotes = false
    var header = true
    var i = 0
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
      } else if b == 44 || b == 10 {
        if !header { fields[column].append(String(decoding: field, as: UTF8.self)) }
        field.removeAll(keepingCapacity: true)
        column = b == 10 ? 0 : column + 1
        if b == 10 { header = false }
      } else {
        field.append(b)
      }
      i += 1
    }
  }

  static func strings(_ name: String, _ texts: [String]) -> Column {
    var index: [String: Int32] = [:]
    var dictionary: [String] = []
    let codes: [Int32] = texts.map { t in
      if t.isEmpty { return -1 }
      if let c = index[t] { return c }
      let c = Int32(dictionary.count)
      dictionary.append(t)
      index[t] = c
      return c
    }
    return Column(name: name, data: .string(codes: codes, dictionary: dictionary))
  }

  static func load(directory: String) -> Frame {
    let months = ["2010-12"] + (1...12).map { "2011-" + ($0 < 10 ? "0\($0)" : "\($0)") }
    var fields: [[String]] = Array(repeating: [], count: 8)
    for m in months { split(gunzip("\(directory)/online_retail_\(m).csv.gz"), into: &fields) }
    let quantity = fields[3].map { Int64($0) ?? 0 }
    let price = fields[5].map { Double($0) ?? 0 }
    let customer = fields[6].map { Int64($0) }
    let dates = fields[4].map { DateTextParser.parse($0) }
    return Frame(columns: [
      strings("InvoiceNo", fields[0]), strings("StockCode", fields[1]),
      strings("Description", fields[2]),
      Column(name: "Quantity", data: .int(quantity, .allValid)),
      Column(
        name: "InvoiceDate",
        data: .datetime(dates.map { $0 ?? 0 }, Validity(mask: dates.map { $0 != nil }))),
      Column(name: "UnitPrice", data: .float(price, .allValid)),
      Column(
        name: "CustomerID",
        data: .int(customer.map { $0 ?? 0 }, Validity(mask: customer.map { $0 != nil }))),
      strings("Country", fields[7]),
    ])
  }
}
