import ShopCore
import ShopFrames
import ShopModels
import ShopSyntax

/// The recommender family in the language: `model NAME = recommender KIND …`, `similar`, and
/// the recommender side of `recommend`. Usage lines and option help come from the kinds'
/// declarations in `RecommenderKinds`, never from text written here.
extension ModelCommands {
  /// "popular | itemknn [neighbours N] [shrink X] | …".
  static var recommenderUsage: String {
    RecommenderKinds.all.map(\.usage).joined(separator: " | ")
  }

  /// One help paragraph per kind, generated from its declaration.
  static var recommenderHelp: String {
    RecommenderKinds.all.map { kind in
      var s = "\(kind.name): \(kind.summary)"
      if !kind.options.isEmpty { s += ". Options: " + kind.options.map(\.helpLine).joined(separator: "; ") }
      s += kind.defaultEpochs == 1 ? ". Fits in one epoch." : ". \(kind.defaultEpochs) epochs unless told."
      return s
    }.joined(separator: "\n")
  }

  static func recommenderSpec(_ inv: inout Invocation) throws -> ModelSpec {
    let names = RecommenderKinds.all.map(\.name)
    guard let t = inv.args.current, case .expr(let e) = t.kind else {
      throw RuntimeError.expected("a recommender kind: \(names.joined(separator: ", "))", at: inv.args.hereRange)
    }
    // `seed-item` lexes as the subtraction seed − item: read it back as a word.
    let word = Arguments.hyphenated(e)?.lowercased() ?? ""
    guard let kind = RecommenderKinds.named(word) else {
      throw RuntimeError.invalidValue(
        "unknown recommender kind '\(Arguments.hyphenated(e) ?? "this")'; expected \(names.joined(separator: ", "))"
          + (Suggestions.nearest(to: word, in: names).map { " (did you mean '\($0)'?)" } ?? ""),
        at: e.range)
    }
    inv.args.skip()
    var spec = ModelSpec(kind: .recommender, arch: kind.name)
    var given: [String: ModelOptionValue] = [:]
    let words = ["users", "items", "weight"] + kind.options.map(\.name)
    while !inv.args.atEnd {
      let w = try inv.args.expectChoice(words, what: "\(kind.name) option")
      switch w {
      case "users": spec.users = try inv.args.column("the user column").name
      case "items": spec.items = try inv.args.column("the item column").name
      case "weight": spec.weight = try inv.args.column("the weight column").name
      default:
        guard let option = kind.options.first(where: { $0.name == w }) else { continue }
        given[w] = try optionValue(option, &inv)
      }
    }
    guard spec.users != nil else {
      throw RuntimeError.expected("'users COL': the column naming who acts", at: inv.args.hereRange)
    }
    guard spec.items != nil else {
      throw RuntimeError.expected("'items COL': the column naming what they act on", at: inv.args.hereRange)
    }
    spec.options = ModelOptionValues(declared: kind.options, given: given)
    return spec
  }

  /// Reads one option's value and checks it against the declared domain.
  static func optionValue(_ option: ModelOption, _ inv: inout Invocation) throws -> ModelOptionValue {
    let range = inv.args.hereRange
    let value: ModelOptionValue
    switch option.domain {
    case .integer: value = .int(try inv.args.integer(option.name).0)
    case .real: value = .real(try inv.args.number(option.name).0)
    case .choice(let words): value = .word(try inv.args.expectChoice(words, what: option.name))
    case .integers:
      if inv.args.keyword("none") {
        value = .word("none")
      } else {
        var list: [Int] = []
        repeat { list.append(try inv.args.integer(option.name).0) } while inv.args.comma()
        value = .word(list.map(String.init).joined(separator: ", "))
      }
    }
    if let expected = option.problem(with: value) {
      throw RuntimeError.invalidValue("\(option.name) must be \(expected)", at: range)
    }
    return value
  }

  // MARK: similar

  static let similar = Command(
    "similar", category: "Models", synopsis: "similar NAME item I [k 10]",
    summary: "the K items a recommender finds most like item I",
    details: """
      itemknn: the cosine neighbours; ease: the item-to-item weights; als and bpr: the cosine of the item \
      factors. popular, mf and seed-item have no item similarity.
      """,
    examples: ["similar r item 22728 k 5"], input: .none
  ) { inv in
    let (state, range) = try inv.model()
    let model = try recommender(state, command: "similar", at: range)
    try inv.args.expectKeyword("item")
    let (item, itemRange) = try inv.key("an item")
    var k = 10
    if inv.args.keyword("k") { k = try inv.args.count("K", minimum: 1) }
    try inv.args.finish()
    guard let i = state.items.id(item) else {
      throw ModelError.unknownKey(role: "item", key: item, at: itemRange)
    }
    guard let s = model.similarities(to: i) else {
      throw ModelError.wrongKind(
        model: state.name, kind: state.spec.arch, command: "similar",
        hint: "itemknn, ease, als and bpr know which items are alike", at: range)
    }
    let top = topK(s, k: k, excluding: [i])
    return .frame(
      Frame(columns: [
        Column(name: "rank", scalars: top.indices.map { .int(Int64($0 + 1)) }, type: .int),
        Column(name: state.spec.items ?? "item", scalars: top.map { .string(state.items.keys[$0]) }, type: .string),
        Column(name: "similarity", scalars: top.map { .float(rounded(s[$0])) }, type: .float),
      ]))
  }

  /// `recommend` for a recommender: a known user, or a visitor given by the items they had.
  static func recommendFromRecommender(
    _ state: ModelState, _ model: Recommender, _ inv: inout Invocation
  ) throws -> Value {
    var query: RankingQuery
    if inv.args.keyword("items") {
      var history: [Int] = []
      repeat {
        let (key, r) = try inv.key("an item")
        guard let i = state.items.id(key) else { throw ModelError.unknownKey(role: "item", key: key, at: r) }
        history.append(i)
      } while inv.args.comma()
      query = RankingQuery(user: nil, history: history)
    } else {
      try inv.args.expectKeyword("user")
      let (user, userRange) = try inv.key("a user")
      guard let u = state.users.id(user) else {
        throw ModelError.unknownUser(user, in: state, at: userRange)
      }
      query = RankingQuery(user: u, history: (state.seen[u] ?? []).sorted())
    }
    var k = 10
    var includeSeen = false
    while !inv.args.atEnd {
      if try inv.args.expectChoice(["k", "include"], what: "recommend option") == "k" {
        k = try inv.args.count("K", minimum: 1)
      } else {
        try inv.args.expectKeyword("seen")
        includeSeen = true
      }
    }
    let excluded = includeSeen ? [] : Set(query.history)
    var top = model.recommend(query, k: k, excluding: excluded)
    // Items nothing in the model links to the history score exactly 0, and among them the
    // model's order is its item numbering: meaningless to a user. Those places go to the
    // items most users had in training instead, and the output says so.
    let linked = top.prefix { $0.score != 0 }.count
    if linked < top.count, top[linked...].allSatisfy({ $0.score == 0 }) {
      let chosen = Set(top.prefix(linked).map(\.item))
      let fill = popularItems(state, excluding: excluded.union(chosen)).prefix(top.count - linked)
      top = Array(top.prefix(linked)) + fill.map { (item: $0, score: Float(0)) }
      let who = query.user.map { "user \(state.users.keys[$0])" } ?? "these items"
      inv.say(
        "note: '\(state.name)' links \(linked == 0 ? "none" : "only \(linked)") of the \(top.count) to \(who)"
          + " (nothing in training ties \(query.user == nil ? "them" : "their items") to others); "
          + (linked == 0 ? "all are" : "the rest are") + " the items most users had, with score 0")
    }
    var columns = [
      Column(name: "rank", scalars: top.indices.map { .int(Int64($0 + 1)) }, type: .int),
      Column(name: state.spec.items ?? "item", scalars: top.map { .string(state.items.keys[$0.item]) }, type: .string),
      Column(name: "score", scalars: top.map { .float(rounded($0.score)) }, type: .float),
    ]
    if RecommenderKinds.named(state.spec.arch)?.explains == true {
      let reasons: [Scalar] = top.map { entry in
        let why = model.reasons(for: entry.item, history: query.history).prefix(2)
        guard !why.isEmpty else { return .null }
        return .string("had " + why.map { state.items.keys[$0.item] }.joined(separator: ", "))
      }
      columns.append(Column(name: "because", scalars: reasons, type: .string))
    }
    return .frame(Frame(columns: columns))
  }

  /// Items by how many training users had them, most first (ties by name), as `popular` ranks.
  static func popularItems(_ state: ModelState, excluding: Set<Int>) -> [Int] {
    var users = [Int](repeating: 0, count: state.items.keys.count)
    for items in state.seen.values { for i in items { users[i] += 1 } }
    return users.indices.filter { !excluding.contains($0) }.sorted {
      users[$0] != users[$1] ? users[$0] > users[$1] : state.items.keys[$0] < state.items.keys[$1]
    }
  }

  static func recommender(_ state: ModelState, command: String, at range: SourceRange) throws -> Recommender {
    if let model = state.recommender { return model }
    if state.spec.kind == .recommender { throw ModelError.notTrained(state.name, at: range) }
    throw ModelError.wrongKind(
      model: state.name, kind: state.spec.kind.rawValue, command: command,
      hint: "'model NAME = recommender KIND users COL items COL' defines a recommender", at: range)
  }

  /// Float32 scores: six significant decimals is all they hold, and stable text keeps
  /// scripts checkable.
  static func rounded(_ x: Float) -> Double { (Double(x) * 1e4).rounded() / 1e4 }
}
