import ShopPlot
import XCTest
import Foundation

final class ZZShowTests: XCTestCase {
  func testShow() {
    guard let spec = ProcessInfo.processInfo.environment["SHOW"] else { return }
    let parts = spec.split(separator: ":")
    let names = parts[0].split(separator: ",").map(String.init)
    let w = Int(parts[1]) ?? 72, h = Int(parts[2]) ?? 18
    for c in ChartCases.all + [("lines0", ChartCases.lines[0].render)] where names.contains(c.name) {
      for mode in ChartMode.allCases {
        print("=== \(c.name) \(mode) \(w)x\(h)")
        print(c.render(ChartStyle(width: w, height: h, mode: mode)).replacingOccurrences(of: "\n", with: "|\n") + "|")
      }
    }
  }
}
