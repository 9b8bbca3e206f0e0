// Trains ShopLab's models on real data and prints one result line per run, in release.
// It also writes the exact train/test data it used to OUTDIR as raw little-endian arrays, so
// torch_bench.py trains PyTorch on identical inputs. See run.sh.
import Foundation
import ShopCore
import ShopModels
import ShopTensor

func writeFloats(_ xs: [Float], _ path: String) {
  let data = xs.withUnsafeBufferPointer { Data(buffer: $0) }
  _ = FileManager.default.createFile(atPath: path, contents: data)
}

func writeInts(_ xs: [Int], _ path: String) { writeFloats(xs.map(Float.init), path) }

func now() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_MONOTONIC, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// A minimal CSV reader for a file without quoting: the header, then rows of fields.
func readCSV(_ path: String) -> (header: [String], rows: [[String]]) {
  guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
    fatalError("cannot read \(path)")
  }
  var lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
  let header = lines.removeFirst()
  return (header, lines)
}

func shoppers(csv: String, out: String, epochs: Int, batch: Int, lr: Float) {
  let (header, rows) = readCSV(csv)
  let numeric = [
    "Administrative", "Administrative_Duration", "Informational", "Informational_Duration",
    "ProductRelated", "ProductRelated_Duration", "BounceRates", "ExitRates", "PageValues", "SpecialDay",
  ]
  let categorical = ["Month", "OperatingSystems", "Browser", "Region", "TrafficType", "VisitorType", "Weekend"]
  func col(_ n: String) -> Int { header.firstIndex(of: n) ?? -1 }
  let labels = rows.map { $0[col("Revenue")] == "TRUE" }
  let split = Split.random(count: rows.count, testFraction: 0.2, seed: 2024, stratifyBy: labels)
  func columns(_ idx: [Int]) -> ([[Double?]], [[String?]]) {
    (numeric.map { n in idx.map { Double(rows[$0][col(n)]) } }, categorical.map { n in idx.map { rows[$0][col(n)] } })
  }
  let (trN, trC) = columns(split.train)
  let (teN, teC) = columns(split.test)
  let encoder = FeatureEncoder(numeric: Array(zip(numeric, trN)), categorical: Array(zip(categorical, trC)))
  guard let xTrain = try? encoder.encode(numeric: trN, categorical: trC),
    let xTest = try? encoder.encode(numeric: teN, categorical: teC)
  else { fatalError("encoding failed") }
  let yTrain = split.train.map { labels[$0] }, yTest = split.test.map { labels[$0] }
  writeFloats(xTrain.scalars, "\(out)/shoppers_xtrain.f32")
  writeFloats(xTest.scalars, "\(out)/shoppers_xtest.f32")
  writeFloats(yTrain.map { $0 ? 1 : 0 }, "\(out)/shoppers_ytrain.f32")
  writeFloats(yTest.map { $0 ? 1 : 0 }, "\(out)/shoppers_ytest.f32")
  print("shoppers features=\(encoder.featureCount) train=\(yTrain.count) test=\(yTest.count)")
  for arch in ClassifierConfig.Architecture.allCases {
    let model = Classifier(config: .init(architecture: arch, featureCount: encoder.featureCount), seed: 5)
    model.setTrainingData(features: xTrain, labels: yTrain)
    let start = now()
    do {
      try TrainingLoop(options: .init(epochs: epochs, batchSize: batch, learningRate: lr, seed: 5, patience: nil)).fit(model)
    } catch { fatalError("\(error)") }
    let seconds = now() - start
    let p = model.predictProbabilities(xTest).map(Double.init)
    let auc = Metrics.auc(scores: p, labels: yTest) ?? .nan
    let f1 = ConfusionMatrix(scores: p, labels: yTest).f1
    let best = Metrics.bestF1Threshold(scores: p, labels: yTest)
    print(String(format: "RESULT swift shoppers %@ seconds=%.3f auc=%.4f f1=%.4f f1_best_threshold_on_test=%.4f", arch.rawValue, seconds, auc, f1, best.f1))
  }
}

func movielens(data: String, out: String, epochs: Int, batch: Int, lr: Float, dim: Int, lazy: Bool) {
  guard let text = try? String(contentsOfFile: data, encoding: .utf8) else { fatalError("cannot read \(data)") }
  var users: [Int] = [], items: [Int] = [], times: [Int64] = []
  for line in text.split(separator: "\n") {
    let f = line.split(separator: "\t")
    guard f.count == 4, let u = Int(f[0]), let i = Int(f[1]), let t = Int64(f[3]) else { continue }
    users.append(u - 1)
    items.append(i - 1)
    times.append(t)
  }
  let userCount = (users.max() ?? 0) + 1, itemCount = (items.max() ?? 0) + 1
  let split = Split.leaveLastOut(users: users, times: times)
  let tu = split.train.map { users[$0] }, ti = split.train.map { items[$0] }
  // Validation: each held-out positive plus 4 unseen negatives, drawn once and shared with torch.
  var seen = [Set<Int>](repeating: [], count: userCount)
  for (u, i) in zip(tu, ti) { seen[u].insert(i) }
  var rng = SeededRandom(seed: 99)
  var vu: [Int] = [], vi: [Int] = [], vl: [Bool] = []
  for r in split.test {
    let u = users[r]
    vu.append(u); vi.append(items[r]); vl.append(true)
    var drawn = 0
    while drawn < 4 {
      let j = rng.nextInt(below: itemCount)
      if !seen[u].contains(j) && j != items[r] { vu.append(u); vi.append(j); vl.append(false); drawn += 1 }
    }
  }
  writeInts(tu, "\(out)/ml_train_users.f32")
  writeInts(ti, "\(out)/ml_train_items.f32")
  writeInts(vu, "\(out)/ml_val_users.f32")
  writeInts(vi, "\(out)/ml_val_items.f32")
  writeFloats(vl.map { $0 ? 1 : 0 }, "\(out)/ml_val_labels.f32")
  print("movielens users=\(userCount) items=\(itemCount) train=\(tu.count) val=\(vu.count)")
  let model = BehaviorModel(
    config: .init(architecture: .gmf, userCount: userCount, itemCount: itemCount, dimension: dim, negativeRatio: 4, lazyEmbeddings: lazy),
    seed: 1)
  model.setTrainingData(users: tu, items: ti)
  var epochSeconds: [Double] = []
  var last = 0.0
  do {
    try TrainingLoop(options: .init(epochs: epochs, batchSize: batch, learningRate: lr, seed: 1, patience: nil))
      .fit(model) { r in
        let samples = Double(tu.count * 5)
        epochSeconds.append(samples / r.samplesPerSecond)
        last = r.trainLoss
      }
  } catch { fatalError("\(error)") }
  let p = model.scores(users: vu, items: vi).map(Double.init)
  let auc = Metrics.auc(scores: p, labels: vl) ?? .nan
  let mean = epochSeconds.reduce(0, +) / Double(max(1, epochSeconds.count))
  print(String(format: "RESULT swift movielens gmf-\(lazy ? "lazy" : "dense") epoch_seconds=%.3f auc=%.4f last_loss=%.4f", mean, auc, last))
}

/// Writes, for each row of the Online Shoppers CSV, which part `train … seed SEED split random
/// 0.2` puts it in: `fit`, `validation` or `test`, one word per line in row order. The calls
/// are the ones `ModelTrainer.parts` makes (the held-out 20% stratified by the label with the
/// seed, then a stratified 10% of the rest with seed + 1 to validate), so scikit-learn can
/// be trained and scored on exactly ShopLab's parts (classifier_seeds.py).
func shopperParts(csv: String, seed: UInt64, out: String) {
  let (header, rows) = readCSV(csv)
  guard let revenue = header.firstIndex(of: "Revenue") else { fatalError("no Revenue column") }
  let labels = rows.map { $0[revenue] == "TRUE" }
  let (train, test) = Split.random(count: rows.count, testFraction: 0.2, seed: seed, stratifyBy: labels)
  let inner = Split.random(
    count: train.count, testFraction: 0.1, seed: seed &+ 1, stratifyBy: train.map { labels[$0] })
  var part = [String](repeating: "fit", count: rows.count)
  for i in test { part[i] = "test" }
  for j in inner.test { part[train[j]] = "validation" }
  try? (part.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
  print("parts seed=\(seed) fit=\(inner.train.count) validation=\(inner.test.count) test=\(test.count)")
}

let args = CommandLine.arguments
guard args.count >= 4 else {
  print("usage: ModelsBench shoppers CSV OUTDIR EPOCHS BATCH LR | parts CSV SEED OUTFILE | movielens U.DATA OUTDIR EPOCHS BATCH LR DIM [lazy|dense]")
  exit(2)
}
switch args[1] {
case "shoppers":
  shoppers(csv: args[2], out: args[3], epochs: Int(args[4]) ?? 20, batch: Int(args[5]) ?? 128, lr: Float(args[6]) ?? 3e-3)
case "parts":
  shopperParts(csv: args[2], seed: UInt64(args[3]) ?? 42, out: args[4])
case "movielens":
  movielens(data: args[2], out: args[3], epochs: Int(args[4]) ?? 3, batch: Int(args[5]) ?? 256, lr: Float(args[6]) ?? 1e-3, dim: Int(args[7]) ?? 32,
            lazy: args.count > 8 && args[8] == "lazy")
default:
  print("unknown benchmark \(args[1])")
  exit(2)
}
