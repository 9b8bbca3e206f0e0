// Times CSVReader.load on one path (file or glob) and prints one line per run plus a
// summary: best and median wall time, rows, peak RSS. Usage: loadbench PATH [RUNS]
import Foundation
import ShopCore
import ShopFrames

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
  print("usage: loadbench PATH [RUNS]")
  exit(2)
}
let path = arguments[1]
let runs = arguments.count >= 3 ? Int(arguments[2]) ?? 5 : 5

/// Keeps the optimiser from deleting the load, and tells two builds' loads apart: a hash
/// of every value, null mask and dictionary string (not only counts), printed per run.
func checksum(_ frame: Frame) -> Int {
  var h: UInt64 = 0xcbf2_9ce4_8422_2325
  func mix(_ v: UInt64) { h = (h ^ v) &* 0x0000_0100_0000_01b3 }
  mix(UInt64(frame.rowCount))
  for column in frame.columns {
    for byte in column.name.utf8 { mix(UInt64(byte)) }
    switch column.data {
    case .int(let values, let validity), .datetime(let values, let validity):
      for v in values { mix(UInt64(bitPattern: v)) }
      if let mask = validity.mask { for valid in mask { mix(valid ? 1 : 0) } }
    case .float(let values, let validity):
      for v in values { mix(v.bitPattern) }
      if let mask = validity.mask { for valid in mask { mix(valid ? 1 : 0) } }
    case .bool(let values, let validity):
      for v in values { mix(v ? 1 : 2) }
      if let mask = validity.mask { for valid in mask { mix(valid ? 1 : 0) } }
    case .string(let codes, let dictionary):
      for c in codes { mix(UInt64(bitPattern: Int64(c))) }
      for s in dictionary { for byte in s.utf8 { mix(UInt64(byte)) }; mix(0xff) }
    }
    mix(UInt64(column.nullCount))
  }
  return Int(bitPattern: UInt(h))
}

/// CPU seconds (user + system, all threads) used by the process so far.
func cpuSeconds() -> Double {
  var usage = rusage()
  getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
  let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
  let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
  return user + system
}

var times: [Double] = []
var cpuTimes: [Double] = []
var last: LoadResult?
for run in 1...runs {
  last = nil  // so a run's peak memory does not include the previous result
  let start = DispatchTime.now().uptimeNanoseconds
  let cpuStart = cpuSeconds()
  do {
    last = try CSVReader.load(path)
  } catch let error as DiagnosticConvertible {
    print(error.diagnostic)
    exit(1)
  }
  let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  times.append(seconds)
  cpuTimes.append(cpuSeconds() - cpuStart)
  print(
    "run \(run): \(String(format: "%.3f", seconds)) s (cpu \(String(format: "%.3f", cpuTimes.last ?? 0)) s)"
      + "  checksum \(checksum(last!.frame))")
}
var usage = rusage()
getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
let sorted = times.sorted()
let frame = last!.frame
print(
  "swift rows=\(frame.rowCount) cols=\(frame.columnCount) rejects=\(last!.rejects.rowCount)"
    + " best=\(String(format: "%.3f", sorted[0]))"
    + " median=\(String(format: "%.3f", sorted[sorted.count / 2]))"
    + " cpu_best=\(String(format: "%.3f", cpuTimes.min() ?? 0))"
    + " peak_rss_mb=\(usage.ru_maxrss / 1024)")
for column in frame.columns {
  print("  \(column.name): \(column.type) nulls=\(column.nullCount)")
}
