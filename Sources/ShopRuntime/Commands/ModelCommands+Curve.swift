import ShopCore
import ShopFrames

extension ModelCommands {
  static let curve = Command(
    "curve", category: "Models", synopsis: "curve NAME",
    summary: "a trained model's training curve: loss and validation metrics per epoch, as a table",
    details: "Pipe it into a chart: 'curve m | plot line x epoch y loss'. The curve is stored with the model, so it works in a later session too.",
    examples: ["curve m", "curve m | plot line x epoch y loss title \"training loss\""], input: .none
  ) { inv in
    let (state, range) = try inv.model()
    try inv.args.finish()
    guard let points = state.spec.curve, !points.isEmpty else {
      throw RuntimeError.invalidValue("'\(state.name)' has not been trained yet: 'train \(state.name) on TABLE'", at: range)
    }
    let metricNames = Set(points.flatMap { $0.validation.keys }).sorted()
    var columns = [
      Column(name: "epoch", scalars: points.map { .int(Int64($0.epoch)) }, type: .int),
      Column(name: "loss", scalars: points.map { .float($0.loss) }, type: .float),
    ]
    for name in metricNames {
      columns.append(
        Column(
          name: "val_" + name.replacingOccurrences(of: "@", with: "_").lowercased(),
          scalars: points.map { p in p.validation[name].map { .float($0) } ?? .null }, type: .float))
    }
    let best = state.spec.bestEpoch.map { "; weights kept from epoch \($0)" } ?? ""
    inv.note("curve of \(state.name): \(points.count) epochs\(best)")
    return .frame(Frame(columns: columns))
  }
}
