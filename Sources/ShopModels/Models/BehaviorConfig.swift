/// The architecture and size of a user-behaviour model (see docs/models.md).
public struct BehaviorConfig: Codable, Sendable, Equatable {
  /// How a (user, item) pair becomes a logit.
  public enum Architecture: String, Codable, Sendable, CaseIterable {
    /// The design's model: concat(user, item) → one linear layer. Its logit is a user term
    /// plus an item term, so every user gets the same ranking: kept to teach exactly that.
    case seed
    /// Generalised matrix factorisation: user · item (+ user and item biases).
    case gmf
    /// concat(user, item) → hidden ReLU layers → one logit (NCF's MLP tower).
    case mlp
  }

  public var architecture: Architecture
  public var userCount: Int
  public var itemCount: Int
  /// Embedding size of users and items.
  public var dimension: Int
  /// Hidden layer sizes of `.mlp`.
  public var hiddenLayers: [Int]
  /// Negatives drawn per positive for implicit data (no label column).
  public var negativeRatio: Int
  /// Dropout after each hidden layer of `.mlp` while training.
  public var dropout: Float
  /// Whether `.gmf` adds per-user and per-item biases to the dot product.
  public var biases: Bool
  /// true: each step updates only the embedding rows in the batch (lazy Adam; fast, wants a
  /// higher learning rate). false: every row every step, as PyTorch's default dense Adam.
  public var lazyEmbeddings: Bool

  public init(
    architecture: Architecture, userCount: Int, itemCount: Int, dimension: Int = 32,
    hiddenLayers: [Int] = [64, 32], negativeRatio: Int = 4, dropout: Float = 0,
    biases: Bool = true, lazyEmbeddings: Bool = true
  ) {
    self.architecture = architecture
    self.userCount = userCount
    self.itemCount = itemCount
    self.dimension = dimension
    self.hiddenLayers = hiddenLayers
    self.negativeRatio = negativeRatio
    self.dropout = dropout
    self.biases = biases
    self.lazyEmbeddings = lazyEmbeddings
  }

  /// Throws `TrainingError.invalidOption` for sizes no model can have.
  public func validate() throws(TrainingError) {
    if userCount < 1 || itemCount < 2 {
      throw .invalidOption(
        name: "data", value: "\(userCount) users, \(itemCount) items",
        expected: "at least 1 user and 2 items")
    }
    if dimension < 1 {
      throw .invalidOption(name: "dim", value: "\(dimension)", expected: "at least 1")
    }
    if negativeRatio < 0 {
      throw .invalidOption(name: "negatives", value: "\(negativeRatio)", expected: "0 or more")
    }
    if !(dropout >= 0 && dropout < 1) {
      throw .invalidOption(name: "dropout", value: "\(dropout)", expected: "in [0, 1)")
    }
    if hiddenLayers.contains(where: { $0 < 1 }) {
      throw .invalidOption(name: "hidden", value: "\(hiddenLayers)", expected: "positive sizes")
    }
  }
}
