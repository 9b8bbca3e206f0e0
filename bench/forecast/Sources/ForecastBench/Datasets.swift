import Foundation
import ShopCore
import ShopModels

/// Splits one CSV line into fields, honouring double quotes (Online Retail descriptions hold
/// commas).
func csvFields(_ line: Substring) -> [Substring] {
  var fields: [Substring] = []
  var start = line.startIndex, i = line.startIndex, quoted = false
  while i < line.endIndex {
    let c = line[i]
    if c == "\"" { quoted.toggle() } else if c == "," && !quoted {
      fields.append(line[start..<i])
      start = line.index(after: i)
    }
    i = line.index(after: i)
  }
  fields.append(line[start..<line.endIndex])
  return fields
}

/// Day number (days since 1970-01-01) of "YYYY-MM-DD…" or "M/D/YYYY …".
func dayNumber(_ s: Substring) -> Int? {
  if s.contains("/") {
    let parts = s.split(separator: " ")[0].split(separator: "/").compactMap { Int($0) }
    guard parts.count == 3 else { return nil }
    return CivilTime.days(year: parts[2], month: parts[0], day: parts[1])
  }
  let parts = s.prefix(10).split(separator: "-").compactMap { Int($0) }
  guard parts.count == 3 else { return nil }
  return CivilTime.days(year: parts[0], month: parts[1], day: parts[2])
}

/// Days from 1970-01-01 to Monday 1970-01-05, where `ForecastSeries.start` counts steps from
/// (`ForecastPanel.stepDays`), so the month of the year is placed right.
let mondayEpoch = 4

/// The M5 sample: 8 daily series with sell price (gaps filled from the nearest known price)
/// and four event-type indicators as exogenous columns.
func loadM5(_ path: String) throws -> ForecastPanel {
  let text = try String(contentsOfFile: path, encoding: .utf8)
  var lines = text.split(separator: "\n")
  let header = csvFields(lines.removeFirst()).map(String.init)
  let exogNames = Array(header.dropFirst(3))
  var rows: [String: [(day: Int, y: Double, x: [Double])]] = [:]
  for line in lines {
    let f = csvFields(line)
    guard f.count == header.count, let day = dayNumber(f[1]), let y = Double(f[2]) else { continue }
    rows[String(f[0]), default: []].append((day, y, f.dropFirst(3).map { Double($0) ?? .nan }))
  }
  let series = rows.keys.sorted().map { key -> ForecastSeries in
    let r = rows[key]!.sorted { $0.day < $1.day }
    var columns = (0..<exogNames.count).map { j in r.map { $0.x[j] } }
    for j in columns.indices {
      // Missing prices (item not yet on sale): the next known price, else the previous.
      var next = Double.nan
      for t in stride(from: columns[j].count - 1, through: 0, by: -1) {
        if columns[j][t].isNaN { columns[j][t] = next } else { next = columns[j][t] }
      }
      var previous = 0.0
      for t in columns[j].indices {
        if columns[j][t].isNaN { columns[j][t] = previous } else { previous = columns[j][t] }
      }
    }
    return ForecastSeries(key: key, start: r[0].day - mondayEpoch, values: r.map(\.y), exogenous: columns)
  }
  return ForecastPanel(series: series, exogenousNames: exogNames, period: 7, stepDays: 1)
}

/// Online Retail: daily units (sum of Quantity > 0, invoices not starting with C) of the 10
/// StockCodes with the largest total quantity, zero-filled from the first to the last day of
/// the whole log.
func loadOnlineRetail(_ directory: String, top: Int = 10) throws -> ForecastPanel {
  let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".csv.gz") }.sorted()
  var daily: [String: [Int: Double]] = [:]
  var total: [String: Double] = [:]
  var first = Int.max, last = Int.min
  for file in files {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["gzip", "-dc", directory + "/" + file]
    let pipe = Pipe()
    p.standardOutput = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    for line in text.split(separator: "\n").dropFirst() {
      let f = csvFields(line)
      guard f.count >= 8, let day = dayNumber(f[4]) else { continue }
      first = min(first, day)
      last = max(last, day)
      guard !f[0].hasPrefix("C"), let q = Double(f[3]), q > 0 else { continue }
      let code = String(f[1])
      daily[code, default: [:]][day, default: 0] += q
      total[code, default: 0] += q
    }
  }
  let codes = total.keys.sorted { (total[$0]!, $1) > (total[$1]!, $0) }.prefix(top)
  let series = codes.map { code in
    ForecastSeries(key: code, start: first - mondayEpoch, values: (first...last).map { daily[code]![$0] ?? 0 })
  }
  return ForecastPanel(series: series, period: 7, stepDays: 1)
}

/// The Australian retail panel: 42 monthly turnover series, 1982-04 … 2009-12, season 12. Steps
/// count months since January 1970, so the calendar input is the month of the year.
func loadAusRetail(_ path: String) throws -> ForecastPanel {
  let text = try String(contentsOfFile: path, encoding: .utf8)
  var rows: [String: [(month: Int, y: Double)]] = [:]
  for line in text.split(separator: "\n").dropFirst() {
    let f = line.split(separator: ",")
    guard f.count == 3, let y = Double(f[2]) else { continue }
    let date = f[0].split(separator: "-").compactMap { Int($0) }
    guard date.count == 3 else { continue }
    rows[String(f[1]), default: []].append(((date[0] - 1970) * 12 + date[1] - 1, y))
  }
  let series = rows.keys.sorted { (Int($0.dropFirst()) ?? 0) < (Int($1.dropFirst()) ?? 0) }.map { key in
    let r = rows[key]!.sorted { $0.month < $1.month }
    return ForecastSeries(key: key, start: r[0].month, values: r.map(\.y))
  }
  return ForecastPanel(series: series, period: 12)
}
