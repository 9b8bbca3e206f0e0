import ShopCore
import ShopTensor

/// One kind of recommender as the registry knows it: its name, what it assumes, its options
/// (declared once, with defaults and ranges), and how to build or restore one.
public struct RecommenderKind: Sendable {
  public var name: String
  /// One line: what the model assumes and when to use it.
  public var summary: String
  public var options: [ModelOption]
  /// Epochs `train` runs when not told (1 for closed-form and one-pass models).
  public var defaultEpochs: Int
  /// Whether `train`'s lr, batch and optimizer apply (gradient-trained kinds only).
  public var usesGradientOptions: Bool
  /// Item-based kinds explain a recommendation by the history items behind it.
  public var explains: Bool
  /// Builds an unfitted model over `train` (fitting happens in `FitLoop`).
  public var make:
    @Sendable (ModelOptionValues, Interactions, TrainingOptions) throws(TrainingError) -> Recommender
  /// Rebuilds a fitted model from its checkpoint.
  public var restore: @Sendable (Checkpoint) throws(CheckpointError) -> Recommender

  public init(
    name: String, summary: String, options: [ModelOption], defaultEpochs: Int,
    usesGradientOptions: Bool = false, explains: Bool = false,
    make: @escaping @Sendable (ModelOptionValues, Interactions, TrainingOptions) throws(TrainingError) -> Recommender,
    restore: @escaping @Sendable (Checkpoint) throws(CheckpointError) -> Recommender
  ) {
    self.name = name
    self.summary = summary
    self.options = options
    self.defaultEpochs = defaultEpochs
    self.usesGradientOptions = usesGradientOptions
    self.explains = explains
    self.make = make
    self.restore = restore
  }

  /// "als [factors N] [reg X] [alpha X] [cg N]".
  public var usage: String {
    ([name] + options.map { "[\($0.usage)]" }).joined(separator: " ")
  }
}

/// Every recommender kind. Adding one is a file with its class and `static let kind`, and a
/// line here.
public enum RecommenderKinds {
  public static let all: [RecommenderKind] = [
    PopularRecommender.kind, ItemKNNRecommender.kind, EASERecommender.kind, ALSRecommender.kind,
    BPRRecommender.kind, NeuralRecommender.mfKind, NeuralRecommender.seedItemKind,
  ]

  public static func named(_ name: String) -> RecommenderKind? {
    all.first { $0.name == name }
  }

  /// Rebuilds any stored recommender by its checkpoint's kind tag ("recommender/ease" …).
  public static func restore(_ checkpoint: Checkpoint) throws(CheckpointError) -> Recommender {
    let prefix = "recommender/"
    guard checkpoint.kind.hasPrefix(prefix), let kind = named(String(checkpoint.kind.dropFirst(prefix.count)))
    else { throw .wrongKind(expected: "a recommender", found: checkpoint.kind) }
    return try kind.restore(checkpoint)
  }
}

/// Shared helpers for the closed-form and one-pass kinds.
extension Recommender {
  func checkpoint(_ arrays: [(String, [Float])], metadata: [String: String] = [:]) -> Checkpoint {
    Checkpoint(
      kind: "recommender/" + kindName, metadata: metadata,
      tensors: arrays.map { ($0.0, Tensor([Float]($0.1))) })
  }
}

extension Checkpoint {
  /// A stored vector by name, or a shape-mismatch error.
  func vector(_ name: String) throws(CheckpointError) -> [Float] {
    guard let t = tensor(name) else { throw .shapeMismatch(name: name) }
    return t.scalars
  }

  func integer(_ name: String) throws(CheckpointError) -> Int {
    guard let text = metadata[name], let n = Int(text) else { throw .corruptHeader("no \(name)") }
    return n
  }
}
