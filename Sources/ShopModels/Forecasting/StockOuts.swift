import Foundation

/// Long runs without a sale on series that usually sell: likely stock-outs, when demand was
/// there but nothing could be sold, rather than days without demand.
///
/// Only steps open for trade count: those on which some series of the panel sold (a shop shut
/// for Christmas is nobody's stock-out). For a series selling on a share p of its open steps, a
/// run of k open steps without a sale is flagged when k is at least `minimumRun` and
/// `(1 − p)ᵏ < chance`: that long a gap would be very unlikely if each open step sold
/// independently at the series' usual rate. A flagged run spans its first to its last zero
/// open step (closed steps between included), and may reach the end of the history. Steps
/// before a series' first sale do not count: a product not yet launched is not out of stock.
public struct StockOutRule: Sendable, Equatable, Codable {
  public var minimumRun: Int
  public var chance: Double

  public init(minimumRun: Int = 7, chance: Double = 0.001) {
    self.minimumRun = minimumRun
    self.chance = chance
  }

  /// The flagged runs of every series of `panel`, in panel order, as step ranges.
  public func runs(in panel: ForecastPanel) -> [[Range<Int>]] {
    var open = Set<Int>()
    for s in panel.series {
      for (t, v) in s.values.enumerated() where v > 0 { open.insert(s.start + t) }
    }
    return panel.series.map { s in
      let openSteps = s.values.indices.filter { open.contains(s.start + $0) }
      // From the first sale: zeros before it (rows of a product not yet launched, as panels
      // such as M5 carry) are no stock-out, and would make the usual rate look lower.
      guard let launch = openSteps.firstIndex(where: { s.values[$0] > 0 }) else { return [] }
      let steps = Array(openSteps[launch...])
      let selling = steps.filter { s.values[$0] > 0 }.count
      let miss = 1 - Double(selling) / Double(steps.count)
      var found: [Range<Int>] = []
      var i = 0
      while i < steps.count {
        guard s.values[steps[i]] <= 0 else {
          i += 1
          continue
        }
        let first = i
        while i < steps.count && s.values[steps[i]] <= 0 { i += 1 }
        let length = i - first
        if length >= minimumRun && pow(miss, Double(length)) < chance {
          found.append(steps[first]..<(steps[i - 1] + 1))
        }
      }
      return found
    }
  }
}
