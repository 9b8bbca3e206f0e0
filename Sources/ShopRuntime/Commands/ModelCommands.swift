import ShopCore
import ShopFrames
import ShopModels

/// model, train, evaluate, predict, score, recommend, models, compare: models inside the
/// language (docs/models.md, "Models in the REPL").
///
/// A model is a name bound in the session: `model` defines it, `train` fits it and stores
/// every trained version in the session store, and the other commands find it in the
/// session or, failing that, load the newest stored version, so a model trained yesterday
/// answers today. The examples run in order: each uses the model the first one defines.
enum ModelCommands {
  static let all: [Command] = [model, train, evaluate, predict, score, recommend, similar, models, compare, curve]

  // MARK: model

  static let model = Command(
    "model", category: "Models",
    synopsis:
      "model NAME = behavior users COL items COL [label COL] [arch seed|gmf|mlp] [dim N] [hidden N, …] [negatives N]"
      + "  |  model NAME = classifier label COL features COL, … | all [except COL, …] [arch logistic|mlp] [hidden N, …]"
      + "  |  model NAME = recommender KIND users COL items COL [weight COL] [options], KIND: " + recommenderUsage
      + "  |  model NAME = forecaster KIND value COL time COL [by COL] [every day|week|month] [period N] [options], KIND: " + ForecastCommands.usage,
    summary:
      "define a model: what to recommend to whom (recommender, behavior), or a yes/no outcome from features (classifier)",
    details: """
      behavior: P(user acts on item) from a table of interactions, one row per (user, item). Without a \
      label every row is a positive, repeated pairs count once, and each epoch draws NEGATIVES (4) items \
      the user never had as negatives. arch gmf (default) scores user · item plus biases; mlp feeds \
      concat(user, item) through hidden ReLU layers (HIDDEN 64, 32); seed is the original design, one \
      linear layer over concat(user, item): its score is a user term plus an item term, so every user gets \
      the same ranking ('evaluate' shows it). DIM (32) is the embedding size.
      classifier: P(LABEL) from feature columns. Numbers are standardised (long-tailed ones log-scaled \
      first) and text columns one-hot encoded, fitted on the training rows and remembered for \
      prediction. arch logistic (default) or mlp (HIDDEN 32, 16). LABEL is yes/no: a boolean, 0/1, or \
      true/false text.
      recommender: ranks the whole catalogue for a user from a table of interactions (purchases, clicks,       ratings), one row per (user, item); WEIGHT (optional) is a positive quantity, rating or event weight,       repeated pairs adding up. The kinds:
      """ + recommenderHelp + """

      forecaster: forecasts a value per day, week or month (summed over the rows of each step; steps without \
      rows count as 0), one series per value of 'by COL', the season PERIOD steps long (7 for days). \
      'stockouts exclude' leaves likely stock-outs (long runs without a sale while other series sold) out of \
      training and backtest scores. The lstm also reads 'exogenous COL, …' (averaged per step, known ahead: \
      'forecast NAME … future TABLE' gives them over the horizon) and 'holidays uk|TABLE' (bank holidays of \
      England and Wales 2009–2013, or a table's dates). Then \
      'train NAME on TABLE', 'backtest NAME on TABLE', 'forecast NAME'. The kinds:
      """ + ForecastCommands.help + """

      Then: 'train NAME on TABLE', 'evaluate NAME on TABLE'. docs/models.md has the details.
      """,
    examples: [
      "model m = behavior users CustomerID items StockCode arch gmf dim 16",
      "model r = recommender itemknn users CustomerID items StockCode neighbours 50",
    ], input: .none
  ) { inv in
    guard let first = inv.args.current,
      case .assignment(let name, let nameRange, let kindExpr) = first.kind
    else {
      throw RuntimeError.expected(
        "NAME = recommender …, NAME = forecaster …, NAME = behavior … or NAME = classifier …", at: inv.args.hereRange)
    }
    inv.args.skip()
    let registry = inv.session.interpreter?.registry ?? .standard
    if registry.lookup(name) != nil || name == "_" {
      throw RuntimeError.invalidValue("'\(name)' is a command; choose another name", at: nameRange)
    }
    let kinds = ["behavior", "behaviour", "classifier", "recommender", "forecaster"]
    guard let word = kindExpr.nameValue?.lowercased(), kinds.contains(word) else {
      let shown = kindExpr.nameValue ?? "this"
      throw RuntimeError.invalidValue(
        "unknown kind of model '\(shown)'; expected recommender, forecaster, behavior or classifier"
          + (Suggestions.nearest(to: shown, in: kinds).map { " (did you mean '\($0)'?)" } ?? ""),
        at: kindExpr.range)
    }
    let spec: ModelSpec
    do {
      switch word {
      case "classifier": spec = try classifierSpec(&inv)
      case "recommender": spec = try recommenderSpec(&inv)
      case "forecaster": spec = try ForecastCommands.spec(&inv)
      default: spec = try behaviorSpec(&inv)
      }
    } catch let error as DiagnosticConvertible {
      // A training option written on the model (`… seed 3`, as other tools take it) is
      // refused by the family's own list, which does not say where the word belongs.
      guard let misplaced = inv.args.peekName?.lowercased(), Self.trainingOnlyOptions.contains(misplaced) else {
        throw error
      }
      var diagnostic = error.diagnostic
      diagnostic.notes.append(
        "'\(misplaced)' is an option of training: 'train \(name) on TABLE \(misplaced) …'"
          + (misplaced == "seed" ? " (or 'set seed N' for the whole session)" : ""))
      throw diagnostic
    }
    let state = ModelState(name: name, spec: spec)
    ModelRegistry.bind(state, in: inv.session)
    return .model(state.handle)
  }

  /// Words `train` reads that no model family takes when it is defined.
  static let trainingOnlyOptions: Set<String> = ["seed", "batch", "optimizer", "patience", "split"]

  static func behaviorSpec(_ inv: inout Invocation) throws -> ModelSpec {
    var spec = ModelSpec(kind: .behavior, arch: "gmf")
    while !inv.args.atEnd {
      switch try inv.args.expectChoice(
        ["users", "items", "label", "arch", "dim", "hidden", "negatives"], what: "behavior option")
      {
      case "users": spec.users = try inv.args.column("the user column").name
      case "items": spec.items = try inv.args.column("the item column").name
      case "label": spec.label = try inv.args.column("the label column").name
      case "arch":
        spec.arch = try inv.args.expectChoice(["seed", "gmf", "mlp"], what: "architecture")
      // Embeddings are users × DIM and items × DIM floats: bounded so training fits in memory.
      case "dim": spec.dimension = try inv.args.count("the embedding size", minimum: 1, maximum: 512)
      case "hidden": spec.hidden = try inv.args.sizes("a hidden layer size")
      default: spec.negatives = try inv.args.count("negatives per positive", minimum: 0, maximum: 100)
      }
    }
    guard spec.users != nil else {
      throw RuntimeError.expected("'users COL': the column naming who acts", at: inv.args.hereRange)
    }
    guard spec.items != nil else {
      throw RuntimeError.expected(
        "'items COL': the column naming what they act on", at: inv.args.hereRange)
    }
    if spec.dimension == nil { spec.dimension = 32 }
    if spec.arch == "mlp" && spec.hidden == nil { spec.hidden = [64, 32] }
    if spec.negatives == nil { spec.negatives = 4 }
    return spec
  }

  static func classifierSpec(_ inv: inout Invocation) throws -> ModelSpec {
    var spec = ModelSpec(kind: .classifier, arch: "logistic")
    let words = ["label", "features", "arch", "hidden"]
    while !inv.args.atEnd {
      switch try inv.args.expectChoice(words, what: "classifier option") {
      case "label": spec.label = try inv.args.column("the label column").name
      case "features":
        if inv.args.keyword("all") {
          var except: [String] = []
          if inv.args.keyword("except") {
            except = try inv.args.columns("columns to leave out", stopWords: Set(words)).map(\.name)
          }
          spec.allFeaturesExcept = except
        } else {
          spec.features = try inv.args.columns("feature columns", stopWords: Set(words)).map(\.name)
        }
      case "arch": spec.arch = try inv.args.expectChoice(["logistic", "mlp"], what: "architecture")
      default: spec.hidden = try inv.args.sizes("a hidden layer size")
      }
    }
    guard spec.label != nil else {
      throw RuntimeError.expected(
        "'label COL': the yes/no column to predict", at: inv.args.hereRange)
    }
    let features = spec.features ?? []
    guard !features.isEmpty || spec.allFeaturesExcept != nil else {
      throw RuntimeError.expected(
        "'features COL, COL …' or 'features all [except COL, …]': the columns to predict from",
        at: inv.args.hereRange)
    }
    if features.contains(spec.label ?? "") {
      throw RuntimeError.invalidValue(
        "the label '\(spec.label ?? "")' cannot also be a feature", at: inv.range)
    }
    if spec.arch == "mlp" && spec.hidden == nil { spec.hidden = [32, 16] }
    return spec
  }

  // MARK: train

  static let train = Command(
    "train", category: "Models",
    synopsis:
      "train NAME on TABLE [epochs N] [lr X] [batch N] [seed N] [optimizer adam|adamw|sgd|adagrad] [patience N]"
      + " [split random 0.2 | time COL 0.2 | leave-last-out COL | rs811]",
    summary: "fit a model to a table, one line per epoch; stores the trained model",
    details: """
      Defaults: epochs 10, lr 0.01, batch 256, the session seed ('set seed N'), optimizer adam, patience 3. \
      The same seed gives the same numbers, line for line.
      split holds rows out for 'evaluate': random (stratified by the label), time (the latest share by COL), \
      or leave-last-out (each user's last interaction by COL, the usual protocol for recommenders). Without \
      a split every row is trained on. A further 10% of the training part (for leave-last-out: each user's \
      last remaining interaction) validates each epoch: training stops after PATIENCE epochs without a better \
      validation AUC and keeps the best epoch's weights. rs811 (recommenders, RecBole's RS 8:1:1) holds out a       random 10% of each user's interactions for evaluate and another 10% to validate.
      Recommenders: epochs default to the kind's own (bpr 100, als 15, mf 10; closed-form kinds fit in       one), validation is full-ranking NDCG@10 on the validation part (at most 500 users), patience 5; lr,       batch and optimizer apply to mf and seed-item.
      On a terminal a progress bar runs on stderr; Ctrl-C stops after the current batch and keeps the best \
      weights so far. A loss that becomes NaN or infinite stops training with the likely cause.
      """,
    examples: ["train m on orders epochs 2 split leave-last-out InvoiceDate", "train r on orders split rs811"], input: .frame
  ) { inv in
    let (state, _) = try inv.model()
    var frame: Frame
    var frameName: String?
    if case .frame(let f)? = inv.input {
      frame = f
      if inv.args.keyword("on") {
        throw RuntimeError.invalidValue(
          "the table is piped in already; drop 'on …'", at: inv.args.hereRange)
      }
    } else {
      try inv.args.expectKeyword("on")
      (frame, frameName) = try inv.namedFrame("the table to train on")
    }
    var options = TrainingOptions(seed: inv.session.settings.seed)
    let kind = state.spec.kind == .recommender ? RecommenderKinds.named(state.spec.arch) : nil
    if let kind {
      options.epochs = kind.defaultEpochs
      options.patience = 5
    }
    var gradientOption: (String, SourceRange)?
    var split: SplitSpec?
    var splitRange: SourceRange?
    while !inv.args.atEnd {
      let words = ["epochs", "lr", "batch", "seed", "optimizer", "patience", "split"]
      let optionRange = inv.args.hereRange
      let word = try inv.args.expectChoice(words, what: "training option")
      if ["lr", "batch", "optimizer"].contains(word) { gradientOption = (word, optionRange) }
      switch word {
      case "epochs": options.epochs = try inv.args.count("the number of epochs", minimum: 1)
      case "lr":
        let (x, range) = try inv.args.number("the learning rate")
        guard x > 0, x.isFinite else {
          throw RuntimeError.invalidValue("the learning rate must be positive", at: range)
        }
        options.learningRate = Float(x)
      case "batch": options.batchSize = try inv.args.count("the batch size", minimum: 1)
      case "seed": options.seed = UInt64(try inv.args.count("the seed", minimum: 0))
      case "optimizer":
        let name = try inv.args.expectChoice(
          OptimizerKind.allCases.map(\.rawValue), what: "optimizer")
        options.optimizer = OptimizerKind(rawValue: name) ?? .adam
      case "patience": options.patience = try inv.args.count("the patience", minimum: 1)
      default:
        splitRange = inv.args.hereRange
        split = try inv.args.split(seed: 0)
      }
    }
    if let kind, !kind.usesGradientOptions, let (word, range) = gradientOption {
      throw RuntimeError.invalidValue(
        "'\(word)' is for gradient-trained models (mf, seed-item); \(kind.name) has its own options: "
          + (kind.options.isEmpty ? "none" : kind.options.map(\.usage).joined(separator: ", ")),
        at: range)
    }
    if var s = split {
      s.seed = options.seed
      split = s
      if s.kind == .rs811 && state.spec.kind == .classifier {
        throw RuntimeError.invalidValue(
          "rs811 splits each user's interactions: it is for recommenders; use random or time", at: splitRange)
      }
      if s.kind == .leaveLastOut && state.spec.kind == .classifier {
        throw RuntimeError.invalidValue(
          "leave-last-out holds out each user's last interaction: it is for behavior models; use random or time",
          at: splitRange)
      }
      // Checked here so that a column whose order is not time order points at the split.
      if let name = s.column {
        _ = try ModelColumns.times(
          try ModelColumns.column(name, role: "time", model: state.name, in: frame, at: splitRange), at: splitRange)
      }
    }
    let summary = try ModelTrainer.train(
      state, .init(frame: frame, frameName: frameName, options: options, split: split), inv: inv)
    ModelRegistry.bind(state, in: inv.session)
    try ModelRegistry.save(state, in: inv.session)
    if let store = inv.session.store, let id = state.storedID,
      let best = summary.bestEpoch.flatMap({ e in summary.reports.first { $0.epoch == e } }),
      !best.validation.isEmpty
    {
      try store.recordMetrics(
        model: id, command: inv.session.currentCommandID, split: "validation",
        best.validation.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) })
    }
    return .none
  }

  // MARK: evaluate

  static let evaluate = Command(
    "evaluate", category: "Models", synopsis: "evaluate NAME on TABLE [threshold 0.5 | threshold tuned] [k 10] [full | sampled [99]]",
    summary: "a trained model's metrics on held-out rows, beside a baseline; stored in 'metrics'",
    details: """
      On the table the model was trained on, with a split, it uses exactly the rows the split held out; on \
      any other table, every row.
      classifier: accuracy, precision, recall, F1 (at THRESHOLD), AUC and log-loss beside the base-rate \
      baseline (always the training share of yes), and the confusion matrix. 'threshold tuned' uses the \
      threshold with the best F1 on the validation part, chosen when the model was trained.
      recommender and behavior: full ranking: each user's held-out items against every item the user did \
      not have in training, ties at their expected rank: HR@K, Recall@K, Precision@K, NDCG@K, MRR, AUC, \
      catalogue coverage, distinct top-K lists and the mean popularity of what is recommended, beside the \
      popular baseline on exactly the same users and candidates. 'sampled 99' ranks against 99 sampled \
      items instead (NCF's protocol; labelled SAMPLED wherever printed). A model whose lists are all the \
      same (seed-item, arch seed) recommends like a bestseller list, and the output says so.
      docs/evaluation.md defines every metric.
      """,
    examples: ["evaluate m on orders k 10"], input: .frame
  ) { inv in
    let (state, range) = try inv.model()
    let (frame, frameName) = try inv.pipedOrNamedFrame("the table to evaluate on")
    var threshold = 0.5
    var k = 10
    var sampled: Int?
    while !inv.args.atEnd {
      let word = try inv.args.expectChoice(["threshold", "k", "full", "sampled"], what: "evaluate option")
      if word == "k" {
        k = try inv.args.count("K", minimum: 1)
      } else if word == "full" {
        sampled = nil
      } else if word == "sampled" {
        sampled = 99
        if let t = inv.args.current, case .expr(let e) = t.kind, case .integer = e.kind {
          sampled = try inv.args.count("the sampled negatives per user", minimum: 1, maximum: 100_000)
        }
      } else if inv.args.keyword("tuned") {
        guard let tuned = state.spec.tunedThreshold else {
          throw RuntimeError.invalidValue(
            "'\(state.name)' has no tuned threshold: it is tuned on the validation part of a split ('train … split random 0.2')",
            at: inv.range)
        }
        threshold = tuned
      } else {
        let (x, r) = try inv.args.number("the threshold, or 'tuned'")
        guard x >= 0 && x <= 1 else {
          throw RuntimeError.invalidValue("the threshold is a probability between 0 and 1", at: r)
        }
        threshold = x
      }
    }
    if let classifier = state.classifier {
      try ModelEvaluator.classifier(
        state, classifier, frame: frame, frameName: frameName, threshold: threshold, inv: inv)
    } else if let recommender = state.recommender {
      try ModelEvaluator.ranking(
        state, recommender, frame: frame, frameName: frameName,
        options: .init(k: k, sampled: sampled), inv: inv)
    } else if let behavior = state.behavior {
      try ModelEvaluator.ranking(
        state, NeuralRecommender(wrapping: behavior), frame: frame, frameName: frameName,
        options: .init(k: k, sampled: sampled), inv: inv)
    } else {
      throw ModelError.notTrained(state.name, at: range)
    }
    return .none
  }

  // MARK: predict, score, recommend

  static let predict = Command(
    "predict", category: "Models", synopsis: "predict NAME user U item I",
    summary: "a behavior model's probability that user U acts on item I",
    details:
      "U and I are values of the user and item columns, as numbers or text (\"85123A\"). For a classifier, score a table: 'TABLE | score NAME'.",
    examples: ["predict m user 12583 item 22728"], input: .none
  ) { inv in
    let (state, range) = try inv.model()
    let model = try behaviorModel(state, command: "predict", at: range)
    try inv.args.expectKeyword("user")
    let (user, userRange) = try inv.key("a user")
    try inv.args.expectKeyword("item")
    let (item, itemRange) = try inv.key("an item")
    try inv.args.finish()
    guard let u = state.users.id(user) else {
      throw ModelError.unknownUser(user, in: state, at: userRange)
    }
    guard let i = state.items.id(item) else {
      throw ModelError.unknownKey(role: "item", key: item, at: itemRange)
    }
    return .scalar(.float((Double(model.score(user: u, item: i)) * 1e6).rounded() / 1e6))
  }

  static let score = Command(
    "score", category: "Models", synopsis: "score NAME TABLE  |  TABLE | score NAME",
    summary: "the table with a 'score' column: the model's probability for each row",
    details:
      "A behavior model reads the user and item columns (unknown users or items score null); a classifier reads its feature columns.",
    examples: ["orders | head 3 | score m | select CustomerID, StockCode, score"], input: .frame
  ) { inv in
    let (state, range) = try inv.model()
    var frame: Frame
    if case .frame(let f)? = inv.input {
      frame = f
    } else {
      _ = inv.args.keyword("on")
      frame = try inv.namedFrame("the table to score").0
    }
    try inv.args.finish()
    return .frame(try ModelScoring.score(state, frame, at: range))
  }

  static let recommend = Command(
    "recommend", category: "Models", synopsis: "recommend NAME user U [k 10] [include seen]  |  recommend NAME items I, J, … [k 10]",
    summary:
      "the K items a model ranks highest for user U, leaving out items U already had",
    details: """
      Item-based recommenders (itemknn, ease) add a 'because' column: the user's own items that weigh most \
      in each recommendation. 'items I, J, …' recommends for a visitor with no history in training, from \
      the items they looked at (fold-in; factor models place them at the mean of those items). 'include \
      seen' keeps items the user already had.
      """,
    examples: ["recommend m user 12583 k 5", "recommend r user 12583 k 3", "recommend r items 22728, 22727 k 3"], input: .none
  ) { inv in
    let (state, range) = try inv.model()
    if let recommender = state.recommender {
      return try recommendFromRecommender(state, recommender, &inv)
    }
    if state.spec.kind == .recommender { throw ModelError.notTrained(state.name, at: range) }
    let model = try behaviorModel(state, command: "recommend", at: range)
    // The synopsis offers `items I, J` to every model; a behaviour model has an embedding
    // per training user and none for a visitor, so say that rather than "expected 'user'".
    if inv.args.peekKeyword?.lowercased() == "items" {
      throw ModelError.wrongKind(
        model: state.name, kind: "behavior", command: "recommend … items",
        hint: "a behavior model knows only its training users: 'recommend \(state.name) user U';"
          + " a recommender (ease, itemknn, als, bpr, mf) recommends from items", at: inv.args.hereRange)
    }
    try inv.args.expectKeyword("user")
    let (user, userRange) = try inv.key("a user")
    var k = 10
    var includeSeen = false
    while !inv.args.atEnd {
      if inv.args.keyword("k") {
        k = try inv.args.count("K", minimum: 1)
      } else if inv.args.keyword("include") {
        try inv.args.expectKeyword("seen")
        includeSeen = true
      } else {
        try inv.args.finish()
      }
    }
    guard let u = state.users.id(user) else {
      throw ModelError.unknownUser(user, in: state, at: userRange)
    }
    let top = model.recommend(user: u, k: k, excluding: includeSeen ? [] : state.seen[u] ?? [])
    let scores = model.scores(users: [Int](repeating: u, count: top.count), items: top)
    return .frame(
      Frame(columns: [
        Column(name: "rank", scalars: top.indices.map { .int(Int64($0 + 1)) }, type: .int),
        Column(
          name: state.spec.items ?? "item", scalars: top.map { .string(state.items.keys[$0]) },
          type: .string),
        Column(
          name: "score", scalars: scores.map { .float((Double($0) * 1e4).rounded() / 1e4) },
          type: .float),
      ]))
  }

  static func behaviorModel(_ state: ModelState, command: String, at range: SourceRange) throws
    -> BehaviorModel
  {
    if let model = state.behavior { return model }
    if state.spec.kind == .recommender {
      throw ModelError.wrongKind(
        model: state.name, kind: "recommender", command: command,
        hint: "'recommend \(state.name) user U' or 'TABLE | score \(state.name)'", at: range)
    }
    if state.spec.kind == .classifier {
      throw ModelError.wrongKind(
        model: state.name, kind: "classifier", command: command,
        hint: "a classifier scores rows of a table: 'TABLE | score \(state.name)'", at: range)
    }
    throw ModelError.notTrained(state.name, at: range)
  }

  // MARK: models, compare

  static let models = Command(
    "models", category: "Models", synopsis: "models",
    summary: "the models in the session store, newest version of each name",
    details:
      "Columns: name, kind, arch, trained on, rows trained on, seed, the best metric measured (test before validation), created. A stored model can be used by name in any later session.",
    examples: ["models"], input: .none
  ) { inv in
    try inv.args.finish()
    guard let store = inv.session.store else {
      throw RuntimeError.invalidValue("this session has no store", at: inv.range)
    }
    return .frame(try ModelListing.models(store))
  }

  static let compare = Command(
    "compare", category: "Models", synopsis: "compare MODEL, MODEL …",
    summary: "the latest metrics of models side by side",
    details:
      "Shows each model's latest evaluation ('evaluate' first), or its best validation metrics when it has not been evaluated, and the baseline measured with it.",
    examples: ["compare m"], input: .none
  ) { inv in
    var states: [ModelState] = []
    repeat { states.append(try inv.model().0) } while inv.args.comma()
    try inv.args.finish()
    guard let store = inv.session.store else {
      throw RuntimeError.invalidValue("this session has no store", at: inv.range)
    }
    return .frame(try ModelListing.compare(states, store: store, inv: inv))
  }
}
