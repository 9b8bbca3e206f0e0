// ShopLab's side of bench/recommenders: reads the split files that splits.py wrote (the same
// files the Python peers read), fits each recommender kind in process, and prints one RESULT
// line per (kind, seed) with full-ranking metrics and fit time, in the peers' format.
//
//   RecommendersBench SPLITDIR SPLITNAME [seeds 1,2,3] [repeats 5]
import Foundation
import ShopCore
import ShopModels

struct Split {
  var train: Interactions
  /// The training part minus the validation pairs, when validation is carved from train.csv.
  var trainFit: Interactions?
  var valid: [Int: [Int]]
  var test: [Int: [Int]]
  var droppedTest = 0
}

/// user,item,rating,timestamp with a header; ids mapped to dense ids in order of first
/// appearance in train.csv (test and validation pairs of unseen ids are dropped and counted).
func readSplit(_ dir: String) throws -> Split {
  func rows(_ name: String) throws -> [(String, String)] {
    let path = dir + "/" + name
    guard FileManager.default.fileExists(atPath: path) else { return [] }
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return text.split(separator: "\n").dropFirst().compactMap { line in
      let f = line.split(separator: ",")
      return f.count >= 2 ? (String(f[0]), String(f[1])) : nil
    }
  }
  var users: [String: Int] = [:], items: [String: Int] = [:]
  var u: [Int] = [], i: [Int] = []
  for (a, b) in try rows("train.csv") {
    u.append(users[a] ?? { users[a] = users.count; return users.count - 1 }())
    i.append(items[b] ?? { items[b] = items.count; return items.count - 1 }())
  }
  let train = Interactions(users: u, items: i, userCount: users.count, itemCount: items.count)
  var dropped = 0
  func held(_ name: String) throws -> [Int: [Int]] {
    var out: [Int: [Int]] = [:]
    for (a, b) in try rows(name) {
      guard let uu = users[a], let ii = items[b] else {
        dropped += 1
        continue
      }
      out[uu, default: []].append(ii)
    }
    return out
  }
  let valid = try held("valid.csv")
  dropped = 0
  let test = try held("test.csv")
  var trainFit: Interactions? = nil
  let fitRows = try rows("train_fit.csv")
  if !fitRows.isEmpty {
    let pairs = fitRows.compactMap { a, b in users[a].flatMap { uu in items[b].map { (uu, $0) } } }
    trainFit = Interactions(
      users: pairs.map(\.0), items: pairs.map(\.1), userCount: users.count, itemCount: items.count)
  }
  return Split(train: train, trainFit: trainFit, valid: valid, test: test, droppedTest: dropped)
}

func seconds(_ d: Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// Fits one model and returns it with its fit time.
func fit(_ kind: String, _ options: [String: ModelOptionValue], _ train: Interactions, epochs: Int?, seed: UInt64, lr: Float = 0.003)
  throws -> (Recommender, Double)
{
  guard let k = RecommenderKinds.named(kind) else { fatalError("no kind \(kind)") }
  let training = TrainingOptions(epochs: epochs ?? k.defaultEpochs, batchSize: 256, learningRate: lr, seed: seed)
  let clock = ContinuousClock()
  let start = clock.now
  let model = try k.make(ModelOptionValues(declared: k.options, given: options), train, training)
  try FitLoop(epochs: training.epochs, patience: nil, seed: seed).fit(model)
  return (model, seconds(clock.now - start))
}

func median(_ xs: [Double]) -> Double {
  let s = xs.sorted()
  return s.isEmpty ? .nan : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
}

let args = CommandLine.arguments
guard args.count >= 3 else {
  print("usage: RecommendersBench SPLITDIR SPLITNAME [seeds 1,2,3] [repeats 5]")
  exit(2)
}
let dir = args[1], splitName = args[2]
let seeds = (args.count > 3 ? args[3] : "1,2,3").split(separator: ",").compactMap { UInt64($0) }
let repeats = args.count > 4 ? Int(args[4]) ?? 5 : 5
/// KINDS=bpr,als runs only those kinds (popular always runs).
let only = ProcessInfo.processInfo.environment["KINDS"].map { Set($0.split(separator: ",").map(String.init)) }
func wanted(_ kind: String) -> Bool { only?.contains(kind) ?? true }
let split = try readSplit(dir)
let evaluator = RankingEvaluator(k: 10, candidates: .full)
// RecBole's protocol: at test time the user's validation items are known history too, so they
// are never candidates (with leave-last-out they are already inside train.csv).
var mask = split.train
if split.trainFit == nil && !split.valid.isEmpty {
  var u: [Int] = [], i: [Int] = []
  for user in 0..<split.train.userCount {
    for item in split.train.history(of: user) + (split.valid[user] ?? []) {
      u.append(user)
      i.append(item)
    }
  }
  mask = Interactions(users: u, items: i, userCount: split.train.userCount, itemCount: split.train.itemCount)
}
let testTask = RankingTask(train: mask, heldOut: split.test)
let tuningTrain = split.trainFit ?? split.train
let validTask = RankingTask(train: tuningTrain, heldOut: split.valid)
FileHandle.standardError.write(
  "\(splitName): \(split.train.count) train pairs, \(split.train.userCount) users × \(split.train.itemCount) items; \(split.test.count) test users (\(split.droppedTest) test pairs of unseen ids dropped); \(split.valid.count) validation users\n"
    .data(using: .utf8)!)

func report(_ name: String, _ model: Recommender, times: [Double], seed: String, extra: String = "") {
  let clock = ContinuousClock()
  let start = clock.now
  let r = evaluator.evaluate(model, on: testTask)
  let evalSeconds = seconds(clock.now - start)
  func f(_ x: Double) -> String { String(format: "%.4f", x) }
  print(
    "RESULT peer=shoplab-\(name) split=\(splitName) ndcg10=\(f(r.ndcg)) hr10=\(f(r.hitRate)) recall10=\(f(r.recall)) precision10=\(f(r.precision)) mrr=\(f(r.mrr)) coverage=\(f(r.coverage)) fit_seconds=\(String(format: "%.3f", times.min() ?? .nan)) fit_median=\(String(format: "%.3f", median(times))) eval_seconds=\(String(format: "%.3f", evalSeconds)) users=\(r.users) seed=\(seed)\(extra)"
  )
}

/// The option value in `grid` with the best validation NDCG@10 (nil without validation data).
func tune(_ kind: String, _ name: String, _ grid: [ModelOptionValue], base: [String: ModelOptionValue]) throws -> ModelOptionValue? {
  guard !split.valid.isEmpty else { return nil }
  var best: (ModelOptionValue, Double)? = nil
  for v in grid {
    var o = base
    o[name] = v
    let (m, _) = try fit(kind, o, tuningTrain, epochs: nil, seed: 1)
    let ndcg = evaluator.evaluate(m, on: validTask).ndcg
    FileHandle.standardError.write("  tune \(kind) \(name) \(v.text): valid ndcg@10 \(String(format: "%.4f", ndcg))\n".data(using: .utf8)!)
    if best == nil || ndcg > best!.1 { best = (v, ndcg) }
  }
  return best?.0
}

// Deterministic kinds: one fit for quality, `repeats` for time.
let (popular, _) = try fit("popular", [:], split.train, epochs: 1, seed: 1)
report("popular", popular, times: [0], seed: "-")
let knnOptions: [String: ModelOptionValue] = ["neighbours": .int(100), "shrink": .real(10)]
var knnTimes: [Double] = []
var knn: Recommender? = nil
for _ in 0..<(wanted("itemknn") ? max(1, repeats / 2) : 0) {
  let (m, t) = try fit("itemknn", knnOptions, split.train, epochs: 1, seed: 1)
  knn = m
  knnTimes.append(t)
}
if let knn { report("itemknn", knn, times: knnTimes, seed: "-") }
let lambda = wanted("ease") ? try tune("ease", "lambda", [.real(100), .real(200), .real(500), .real(1000)], base: [:]) ?? .real(500) : .real(500)
var easeTimes: [Double] = []
var ease: Recommender? = nil
for _ in 0..<(wanted("ease") ? max(1, repeats / 2) : 0) {
  let (m, t) = try fit("ease", ["lambda": lambda], split.train, epochs: 1, seed: 1)
  ease = m
  easeTimes.append(t)
}
if let ease { report("ease", ease, times: easeTimes, seed: "-", extra: " lambda=\(lambda.text)") }

// Random kinds: quality per seed (mean printed by run.sh), time over `repeats` fits.
let alsBase: [String: ModelOptionValue] = ["factors": .int(64), "reg": .real(0.01)]
let alpha = wanted("als") ? try tune("als", "alpha", [.real(1), .real(5), .real(10), .real(20)], base: alsBase) ?? .real(1) : .real(1)
for seed in seeds where wanted("als") {
  var times: [Double] = []
  var last: Recommender? = nil
  for _ in 0..<repeats {
    let (m, t) = try fit("als", alsBase.merging(["alpha": alpha]) { a, _ in a }, split.train, epochs: 15, seed: seed)
    times.append(t)
    last = m
  }
  report("als", last!, times: times, seed: String(seed), extra: " alpha=\(alpha.text)")
}
for seed in seeds where wanted("bpr") {
  var times: [Double] = []
  var last: Recommender? = nil
  for _ in 0..<repeats {
    let (m, t) = try fit("bpr", ["factors": .int(64), "lr": .real(0.01), "reg": .real(0.01)], split.train, epochs: 100, seed: seed)
    times.append(t)
    last = m
  }
  report("bpr", last!, times: times, seed: String(seed))
}
for seed in seeds where wanted("mf") {
  let (m, t) = try fit("mf", ["dim": .int(32), "negatives": .int(4)], split.train, epochs: 20, seed: seed, lr: 0.003)
  report("mf", m, times: [t], seed: String(seed))
}
