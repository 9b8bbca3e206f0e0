import ShopCore

/// Trained models and their metrics, so a model outlives the session that trained it.
///
/// Every `train` adds a row to `models` (a new version under the same name); lookups by name
/// take the newest version. Metrics rows point at the model version they measure and at the
/// command that measured them, so `compare` can show the latest numbers of each model.
extension SessionStore {
  /// Stores a trained model and returns its row id.
  /// - Parameters:
  ///   - spec: architecture, hyperparameters and training curve, JSON with sorted keys.
  ///   - weights: checkpoint bytes (`Checkpoint.encoded()`).
  ///   - trainedOn: the data's name and row count, e.g. "orders (46,431 rows)".
  @discardableResult
  public func saveModel(
    name: String, kind: String, spec: String, weights: [UInt8], trainedOn: String?, seed: UInt64?,
    session: Int64?, command: Int64?
  ) throws -> Int64 {
    try database.query(
      """
      INSERT INTO models(name, kind, spec, weights, trained_on, seed, session_id, command_id, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        .text(name), .text(kind), .text(spec), .blob(weights), trainedOn.map { .text($0) } ?? .null,
        // SQLite integers are signed: a seed above Int64.max is stored by its bit pattern.
        seed.map { .integer(Int64(bitPattern: $0)) } ?? .null,
        session.map { .integer($0) } ?? .null, command.map { .integer($0) } ?? .null,
        .text(Self.now()),
      ])
    return database.lastInsertRowID
  }

  /// The newest stored version of the model `name`, with its weights, or nil.
  public func model(named name: String) throws -> StoredModel? {
    try database.query(
      """
      SELECT id, name, kind, spec, weights, trained_on, seed, session_id, created_at
      FROM models WHERE name = ? ORDER BY id DESC LIMIT 1
      """, [.text(name)]
    ).first.map(StoredModel.init(row:))
  }

  /// The newest version of every stored model, by name, without weights.
  public func models() throws -> [StoredModel] {
    try database.query(
      """
      SELECT id, name, kind, spec, NULL, trained_on, seed, session_id, created_at
      FROM models WHERE id IN (SELECT max(id) FROM models GROUP BY name) ORDER BY name
      """
    ).map(StoredModel.init(row:))
  }

  /// Records metrics measured on model version `model` (one row each, in one transaction).
  /// - Parameter split: what data they were measured on: "validation", "test", "baseline".
  public func recordMetrics(
    model: Int64, command: Int64?, split: String, _ values: [(name: String, value: Double)]
  ) throws {
    try database.transaction {
      let now = Self.now()
      for (name, value) in values {
        try database.query(
          "INSERT INTO metrics(model_id, command_id, name, value, split, created_at) VALUES (?, ?, ?, ?, ?, ?)",
          [
            .integer(model), command.map { .integer($0) } ?? .null, .text(name),
            value.isFinite ? .real(value) : .null, .text(split), .text(now),
          ])
      }
    }
  }

  /// The latest value of each (split, metric) pair recorded for model version `model`.
  public func latestMetrics(model: Int64) throws -> [MetricRecord] {
    try database.query(
      """
      SELECT split, name, value FROM metrics WHERE id IN
        (SELECT max(id) FROM metrics WHERE model_id = ? GROUP BY split, name)
      ORDER BY id
      """, [.integer(model)]
    ).map { row in
      let value: Double?
      if case .real(let v) = row[2] { value = v } else { value = row[2].integer.map(Double.init) }
      return MetricRecord(split: row[0].text ?? "", name: row[1].text ?? "", value: value)
    }
  }
}

/// One row of `models`.
public struct StoredModel: Sendable {
  public var id: Int64
  public var name: String
  public var kind: String
  public var spec: String
  /// Checkpoint bytes; nil in listings, which leave them out.
  public var weights: [UInt8]?
  public var trainedOn: String?
  public var seed: UInt64?
  public var session: Int64?
  public var createdAt: String

  init(row: [SQLValue]) {
    id = row[0].integer ?? 0
    name = row[1].text ?? ""
    kind = row[2].text ?? ""
    spec = row[3].text ?? "{}"
    weights = row[4].blob
    trainedOn = row[5].text
    seed = row[6].integer.map { UInt64(bitPattern: $0) }
    session = row[7].integer
    createdAt = row[8].text ?? ""
  }
}

/// One measured value of a model.
public struct MetricRecord: Sendable, Equatable {
  public var split: String
  public var name: String
  public var value: Double?
}
