import Foundation
import ShopCore
import ShopFrames
import ShopModels
import ShopStore

/// Where models are found and kept: bound in the session under their name, and stored (every
/// trained version) in the session store's `models` table.
///
/// A name not bound in this session is loaded from the store, so a model trained in one
/// session can be used in the next.
enum ModelRegistry {
  /// The model `name`: bound in this session, or else the newest stored version.
  static func lookup(_ name: String, in session: Session, at range: SourceRange?) throws
    -> ModelState
  {
    if case .model(let handle)? = session.bindings[name], let state = handle.state { return state }
    if let store = session.store, let stored = try store.model(named: name) {
      let state = try restore(stored)
      session.bindings[name] = .model(state.handle)
      return state
    }
    var known = session.bindings.compactMap { entry -> String? in
      if case .model = entry.value { return entry.key }
      return nil
    }
    known += (try? session.store?.models().map(\.name)) ?? []
    throw ModelError.unknownModel(name, known: Array(Set(known)).sorted(), at: range)
  }

  /// Binds `state` under its name (replacing whatever the name held).
  static func bind(_ state: ModelState, in session: Session) {
    session.bindings[state.name] = .model(state.handle)
  }

  /// Stores the trained model as a new version and remembers its row id.
  static func save(_ state: ModelState, in session: Session) throws {
    guard let store = session.store else { return }
    state.storedID = try store.saveModel(
      name: state.name, kind: state.spec.kind.rawValue, spec: state.spec.json(),
      weights: checkpoint(of: state).encoded(), trainedOn: trainedOn(state.spec),
      seed: state.spec.training?.seed, session: session.sessionID, command: session.currentCommandID
    )
  }

  /// "orders (46,431 rows)".
  static func trainedOn(_ spec: ModelSpec) -> String? {
    guard spec.isTrained else { return nil }
    let name = spec.trainedOn ?? "piped table"
    return spec.trainedRows.map { "\(name) (\(NumberFormat.count($0, "row")))" } ?? name
  }

  // MARK: Checkpoints

  /// The weights plus what prediction needs besides them: the id tables and each user's
  /// training items.
  static func checkpoint(of state: ModelState) -> Checkpoint {
    if let classifier = state.classifier { return classifier.checkpoint() }
    let lookups = [
      "users": encodeJSON(state.users.keys), "items": encodeJSON(state.items.keys),
      "seen": encodeSeen(state.seen), "validation_seen": encodeSeen(state.validationSeen),
    ]
    if let fitted = state.forecast {
      var c = (fitted.model as? LSTMForecastModel)?.checkpoint
        ?? Checkpoint(kind: "forecaster/" + state.spec.arch, metadata: [:], tensors: [])
      c.metadata["panel"] = encodeCodable(fitted.panel)
      c.metadata["starts"] = encodeCodable(fitted.starts)
      c.metadata["bucket"] = fitted.bucket.rawValue
      if let stamp = fitted.stamp { c.metadata["stamp"] = encodeCodable(stamp) }
      return c
    }
    if let recommender = state.recommender {
      var c = recommender.checkpoint()
      c.metadata.merge(lookups) { _, new in new }
      return c
    }
    guard let behavior = state.behavior else {
      return Checkpoint(kind: "empty", metadata: [:], tensors: [])
    }
    return behavior.checkpoint(metadata: lookups)
  }

  /// Rebuilds a model from its stored row.
  static func restore(_ stored: StoredModel) throws -> ModelState {
    guard let spec = ModelSpec.decode(stored.spec) else {
      throw ModelError.unreadable(model: stored.name, reason: "its spec is not valid JSON")
    }
    let state = ModelState(name: stored.name, spec: spec)
    state.storedID = stored.id
    guard let bytes = stored.weights, !bytes.isEmpty else { return state }
    let checkpoint: Checkpoint
    switch Result(catching: { () throws(CheckpointError) -> Checkpoint in
      try Checkpoint(decoding: bytes)
    }) {
    case .success(let c): checkpoint = c
    case .failure(let error):
      throw ModelError.unreadable(model: stored.name, reason: error.diagnostic.message)
    }
    switch spec.kind {
    case .classifier:
      guard let model = try? Classifier(checkpoint: checkpoint) else {
        throw ModelError.unreadable(
          model: stored.name, reason: "the weights do not fit a classifier")
      }
      state.classifier = model
    case .forecaster:
      guard let panel = decodeCodable(ForecastPanel.self, checkpoint.metadata["panel"]),
        let starts = decodeCodable([Int64].self, checkpoint.metadata["starts"]),
        let bucket = TimeBucket(rawValue: checkpoint.metadata["bucket"] ?? "")
      else { throw ModelError.unreadable(model: stored.name, reason: "its history is missing") }
      let model: any FittedForecaster
      if checkpoint.kind == LSTMForecastModel.checkpointKind {
        do {
          model = try LSTMForecastModel(checkpoint: checkpoint, history: panel)
        } catch {
          throw ModelError.unreadable(model: stored.name, reason: error.diagnostic.message)
        }
      } else {
        // The baselines are refitted: deterministic and cheaper than storing them.
        guard let kind = ForecasterKinds.named(spec.arch) else {
          throw ModelError.unreadable(model: stored.name, reason: "unknown forecaster kind '\(spec.arch)'")
        }
        model = try kind.make(spec.options ?? ModelOptionValues(), spec.training?.seed ?? 0, nil).fit(panel)
      }
      // A model stored before stamps were kept shows each step's start, as it did then.
      let stamp = decodeCodable(StepStamp.self, checkpoint.metadata["stamp"])
      state.forecast = FittedForecast(model: model, panel: panel, starts: starts, bucket: bucket, stamp: stamp)
    case .recommender:
      do {
        state.recommender = try RecommenderKinds.restore(checkpoint)
      } catch {
        throw ModelError.unreadable(model: stored.name, reason: error.diagnostic.message)
      }
      state.users = Vocabulary(decodeJSON(checkpoint.metadata["users"]) ?? [])
      state.items = Vocabulary(decodeJSON(checkpoint.metadata["items"]) ?? [])
      state.seen = decodeSeen(checkpoint.metadata["seen"] ?? "")
      // Stored before the baseline left the validation part out: empty, as it counted then.
      state.validationSeen = decodeSeen(checkpoint.metadata["validation_seen"] ?? "")
    case .behavior:
      guard let model = try? BehaviorModel(checkpoint: checkpoint) else {
        throw ModelError.unreadable(
          model: stored.name, reason: "the weights do not fit a behavior model")
      }
      state.behavior = model
      state.users = Vocabulary(decodeJSON(checkpoint.metadata["users"]) ?? [])
      state.items = Vocabulary(decodeJSON(checkpoint.metadata["items"]) ?? [])
      state.seen = decodeSeen(checkpoint.metadata["seen"] ?? "")
      // Stored before the baseline left the validation part out: empty, as it counted then.
      state.validationSeen = decodeSeen(checkpoint.metadata["validation_seen"] ?? "")
    }
    return state
  }

  private static func encodeCodable<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? ""
  }

  private static func decodeCodable<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
    text.flatMap { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) }
  }

  private static func encodeJSON(_ keys: [String]) -> String {
    (try? JSONEncoder().encode(keys)).flatMap { String(data: $0, encoding: .utf8) } ?? "[]"
  }

  private static func decodeJSON(_ text: String?) -> [String]? {
    guard let text else { return nil }
    return try? JSONDecoder().decode([String].self, from: Data(text.utf8))
  }

  /// `user:item,item;user:item`, users and items in increasing id order.
  static func encodeSeen(_ seen: [Int: Set<Int>]) -> String {
    seen.keys.sorted().map { u in
      "\(u):" + (seen[u] ?? []).sorted().map(String.init).joined(separator: ",")
    }.joined(separator: ";")
  }

  static func decodeSeen(_ text: String) -> [Int: Set<Int>] {
    var out: [Int: Set<Int>] = [:]
    for entry in text.split(separator: ";") {
      let parts = entry.split(separator: ":", maxSplits: 1)
      guard parts.count == 2, let u = Int(parts[0]) else { continue }
      out[u] = Set(parts[1].split(separator: ",").compactMap { Int($0) })
    }
    return out
  }
}
