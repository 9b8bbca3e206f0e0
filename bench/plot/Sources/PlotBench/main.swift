// Usage: PlotBench [bench|preview]
//   bench    times a 100,000-point line chart (median of 20 runs) and a few others
//   preview  prints sample charts in every mode, for eyeballing
import ShopCore
import ShopPlot

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Monotonic time in milliseconds.
func nowMs() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
}

/// Median milliseconds of `runs` calls, after one warm-up call.
func time(_ runs: Int, _ body: () -> Int) -> (median: Double, sink: Int) {
  var sink = body()
  var samples: [Double] = []
  for _ in 0..<runs {
    let t0 = nowMs()
    sink &+= body()
    samples.append(nowMs() - t0)
  }
  samples.sort()
  return (samples[samples.count / 2], sink)
}

/// A seeded random walk of n hourly points starting 2011-01-01.
func walk(_ n: Int, seed: UInt64) -> Series {
  var rng = SeededRandom(seed: seed)
  let start = Double(CivilTime.seconds(year: 2011, month: 1, day: 1))
  var y = 1000.0
  var xs: [Double] = []
  var ys: [Double] = []
  xs.reserveCapacity(n)
  ys.reserveCapacity(n)
  for i in 0..<n {
    y += rng.nextGaussian() * 10
    xs.append(start + Double(i) * 3600)
    ys.append(y)
  }
  return Series(name: "walk \(seed)", x: xs, y: ys)
}

func bench() {
  let n = 100_000
  let one = LineChart(series: [walk(n, seed: 1)], xIsTime: true, title: "100k points")
  print("ShopPlot render timings, median of 20 runs (ms), release build")
  // Baseline: one pass over the same points finding min and max, the least any renderer
  // must do; the ratio says how much the drawing itself costs on top.
  let points = one.series[0]
  let base = time(20) {
    var lo = Double.infinity
    var hi = -Double.infinity
    for (x, y) in zip(points.x, points.y) {
      lo = min(lo, x + y)
      hi = max(hi, x + y)
    }
    return Int(hi - lo) & 1
  }
  print("baseline min/max pass over 100k points: \(NumberFormat.fixed(base.median, 3)) ms")
  for mode in ChartMode.allCases {
    let style = ChartStyle(width: 80, height: 20, mode: mode)
    let r = time(20) { one.render(style).utf8.count }
    let ratio = NumberFormat.fixed(r.median / max(base.median, 1e-6), 0)
    print("line 100k points, 1 series, \(mode.rawValue), 80x20: \(fixed(r.median)) ms (\(ratio)x baseline)")
  }
  let three = LineChart(
    series: [walk(n, seed: 1), walk(n, seed: 2), walk(n, seed: 3)], xIsTime: true)
  let r3 = time(20) { three.render(ChartStyle(width: 160, height: 50)).utf8.count }
  print("line 3 x 100k points, braille, 160x50: \(fixed(r3.median)) ms")
  let w = walk(n, seed: 4)
  let scatter = ScatterPlot(series: [Series(name: "s", x: w.y, y: walk(n, seed: 5).y)])
  let rs = time(20) { scatter.render(ChartStyle()).utf8.count }
  print("scatter 100k points, braille, 80x20: \(fixed(rs.median)) ms")
  let hist = Histogram(values: w.y)
  let rh = time(20) { hist.render(ChartStyle()).utf8.count }
  print("histogram 100k values, 80x20: \(fixed(rh.median)) ms")
  let box = BoxPlot(groups: [("a", w.y), ("b", walk(n, seed: 6).y)])
  let rb = time(20) { box.render(ChartStyle()).utf8.count }
  print("boxplot 2 x 100k values, 80x20: \(fixed(rb.median)) ms")
}

func fixed(_ x: Double) -> String { NumberFormat.fixed(x, 2) }

func preview() {
  let which = Set(CommandLine.arguments.dropFirst(2))
  func want(_ k: String) -> Bool { which.isEmpty || which.contains(k) }
  let modes = ChartMode.allCases
  if want("line") {
    let history = walk(24 * 90, seed: 7)
    for mode in modes {
      let style = ChartStyle(width: 80, height: 20, mode: mode)
      print(LineChart(series: [history], xIsTime: true, title: "Hourly walk").render(style))
      print()
    }
  }
  if want("forecast") {
    let months: [Double] = (0..<36).map { Double(CivilTime.seconds(year: 2009 + $0 / 12, month: $0 % 12 + 1, day: 1)) }
    func level(_ i: Int) -> Double {
      let season: Double = 80_000 * Double((i * 7) % 12) / 11.0
      return 250_000 + season + Double(i) * 3_000
    }
    let sales: [Double] = (0..<24).map(level)
    let fc: [Double] = (23..<36).map(level)
    var chart = LineChart(
      series: [Series(name: "sales", x: Array(months[0..<24]), y: sales),
               Series(name: "forecast", x: Array(months[23..<36]), y: fc)],
      xIsTime: true, title: "Monthly sales and forecast", xLabel: "month", yLabel: "revenue (AUD)")
    chart.band = (fc.map { $0 * 0.9 }, fc.map { $0 * 1.1 })
    chart.marker = months[23]
    chart.markerName = "forecast starts"
    for mode in modes { print(chart.render(ChartStyle(width: 80, height: 22, mode: mode))); print() }
  }
  if want("scatter") {
    var rng = SeededRandom(seed: 3)
    let xs = (0..<200).map { _ in rng.nextGaussian() * 10 + 50 }
    let ys = xs.map { $0 * 2 + rng.nextGaussian() * 8 }
    let x2 = (0..<100).map { _ in rng.nextGaussian() * 5 + 30 }
    let y2 = x2.map { 150 - $0 + rng.nextGaussian() * 5 }
    let sp = ScatterPlot(series: [Series(name: "A", x: xs, y: ys), Series(name: "B", x: x2, y: y2)],
      title: "Scatter", xLabel: "x", yLabel: "y")
    for mode in modes { print(sp.render(ChartStyle(width: 70, height: 18, mode: mode))); print() }
  }
  if want("bar") {
    let bc = BarChart(labels: ["United Kingdom", "Netherlands", "EIRE", "Germany", "France", "Australia", "東京の店舗ありがとう", "Refunds"],
      values: [8_187_806.364, 284_661.54, 263_276.82, 221_698.21, 197_403.9, 137_077.27, 55_000.5, -12_345.6],
      title: "Revenue by country", sorted: true)
    for mode in modes { print(bc.render(ChartStyle(width: 70, height: 12, mode: mode))); print() }
  }
  if want("hist") {
    var rng = SeededRandom(seed: 9)
    let v = (0..<1000).map { _ in (rng.nextGaussian() * 0.5 + 3).rounded() * 10 + rng.nextUnit() * 10 }
    let h = Histogram(values: v + [.nan], title: "Order value")
    for mode in modes { print(h.render(ChartStyle(width: 70, height: 16, mode: mode))); print() }
  }
  if want("box") {
    var rng = SeededRandom(seed: 11)
    let a = (0..<300).map { _ in exp(rng.nextGaussian() * 0.6 + 3.5) }
    let b = (0..<200).map { _ in exp(rng.nextGaussian() * 0.4 + 3.0) }
    let bp = BoxPlot(groups: [("United Kingdom", a), ("Germany", b), ("Empty", [.nan])], title: "Basket value")
    for mode in modes { print(bp.render(ChartStyle(width: 72, height: 14, mode: mode))); print() }
    print(bp.render(ChartStyle(width: 72, height: 8, mode: .braille))); print()
  }
  if want("heat") {
    let rows = (0..<13).map { i in CivilTime.format(CivilTime.seconds(year: 2010 + (i + 11) / 12, month: (i + 11) % 12 + 1, day: 1), dateOnly: true).prefix(7) }.map(String.init)
    var rng = SeededRandom(seed: 5)
    let vals: [[Double]] = (0..<13).map { r in (0..<(13 - r)).map { c in c == 0 ? 1.0 : 0.15 + 0.25 * rng.nextUnit() - Double(c) * 0.005 } }
    let hm = Heatmap(rowLabels: rows, columnLabels: (0..<13).map(String.init), values: vals, title: "Retention by cohort")
    for mode in modes { print(hm.render(ChartStyle(width: 80, height: 20, mode: mode))); print() }
    print(hm.render(ChartStyle(width: 120, height: 20, mode: .braille))); print()
  }
  if want("spark") {
    let v: [Double] = [1, 5, 22, 13, 53, .nan, 30, 40, 45, 2]
    for mode in modes { print(Sparkline.render(v, mode: mode)) }
  }
}

switch CommandLine.arguments.dropFirst().first ?? "bench" {
case "preview": preview()
default: bench()
}
