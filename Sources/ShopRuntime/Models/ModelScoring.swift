import ShopCore
import ShopFrames
import ShopModels

/// `score`: a model's probability for every row of a table, as a new `score` column.
enum ModelScoring {
  static func score(_ state: ModelState, _ frame: Frame, at range: SourceRange) throws -> Frame {
    var scores: [Double?]
    if let model = state.recommender {
      scores = try recommenderScores(state, model, frame, at: range)
    } else if let model = state.behavior {
      let users = try ModelColumns.column(
        state.spec.users ?? "", role: "users", model: state.name, in: frame, at: range)
      let items = try ModelColumns.column(
        state.spec.items ?? "", role: "items", model: state.name, in: frame, at: range)
      let uid = (0..<frame.rowCount).map { r in
        ModelColumns.key(users[r]).flatMap(state.users.id) ?? -1
      }
      let iid = (0..<frame.rowCount).map { r in
        ModelColumns.key(items[r]).flatMap(state.items.id) ?? -1
      }
      scores = model.scores(users: uid, items: iid).map { $0.isNaN ? nil : Double($0) }
    } else if let model = state.classifier, let encoder = model.encoder {
      let data = try FeatureData(
        frame: frame, spec: state.spec, modelName: state.name, encoder: encoder, withLabel: false,
        at: range)
      let x = try encoder.encode(
        numeric: data.numeric.map(\.values), categorical: data.categorical.map(\.values))
      scores = model.predictProbabilities(x).map { Double($0) }
    } else {
      throw ModelError.notTrained(state.name, at: range)
    }
    // Float32 probabilities: six decimals is all they hold, and stable text keeps scripts checkable.
    scores = scores.map { $0.map { ($0 * 1e6).rounded() / 1e6 } }
    let column = Column(
      name: "score", scalars: scores.map { $0.map(Scalar.float) ?? .null }, type: .float)
    var columns = frame.columns.filter { $0.name != "score" }
    columns.append(column)
    return Frame(columns: columns)
  }

  /// Each row's (user, item) score from the user's full score vector (computed once per
  /// user); unknown users or items score null.
  static func recommenderScores(
    _ state: ModelState, _ model: Recommender, _ frame: Frame, at range: SourceRange
  ) throws -> [Double?] {
    let users = try ModelColumns.column(
      state.spec.users ?? "", role: "users", model: state.name, in: frame, at: range)
    let items = try ModelColumns.column(
      state.spec.items ?? "", role: "items", model: state.name, in: frame, at: range)
    var cache: [Int: [Float]] = [:]
    return (0..<frame.rowCount).map { r -> Double? in
      guard let u = ModelColumns.key(users[r]).flatMap(state.users.id),
        let i = ModelColumns.key(items[r]).flatMap(state.items.id)
      else { return nil }
      if cache[u] == nil {
        var s: [Float] = []
        model.scores(for: RankingQuery(user: u, history: (state.seen[u] ?? []).sorted()), into: &s)
        cache[u] = s
      }
      return cache[u].map { Double($0[i]) }
    }
  }
}
