import ShopCore

/// Train/test splits as row indices; every random choice goes through `SeededRandom`.
public enum Split {
  /// A random split holding out `testFraction` of rows; with `stratifyBy`, each label keeps
  /// its share in both parts. Indices come back sorted.
  public static func random(
    count: Int, testFraction: Double, seed: UInt64, stratifyBy labels: [Bool]? = nil
  ) -> (train: [Int], test: [Int]) {
    var rng = SeededRandom(seed: seed)
    let groups: [[Int]]
    if let labels {
      precondition(labels.count == count)
      groups = [(0..<count).filter { labels[$0] }, (0..<count).filter { !labels[$0] }]
    } else {
      groups = [Array(0..<count)]
    }
    var train: [Int] = [], test: [Int] = []
    for var g in groups {
      rng.shuffle(&g)
      let nTest = Int((Double(g.count) * testFraction).rounded())
      test += g[..<nTest]
      train += g[nTest...]
    }
    return (train.sorted(), test.sorted())
  }

  /// The latest `testFraction` of rows by `times` (ties keep row order) are the test set.
  public static func byTime(times: [Int64], testFraction: Double) -> (train: [Int], test: [Int]) {
    let order = times.indices.sorted { (times[$0], $0) < (times[$1], $1) }
    let nTest = Int((Double(times.count) * testFraction).rounded())
    let cut = times.count - nTest
    return (Array(order[..<cut]).sorted(), Array(order[cut...]).sorted())
  }

  /// Each user's last interaction by `times` (ties: the later row) is held out; users with a
  /// single interaction stay entirely in training (NCF's leave-one-out protocol).
  public static func leaveLastOut(users: [Int], times: [Int64]) -> (train: [Int], test: [Int]) {
    precondition(users.count == times.count)
    var last: [Int: Int] = [:]
    var counts: [Int: Int] = [:]
    for r in users.indices {
      counts[users[r], default: 0] += 1
      if let l = last[users[r]], (times[l], l) > (times[r], r) { continue }
      last[users[r]] = r
    }
    let held = Set(last.filter { counts[$0.key, default: 0] > 1 }.values)
    return (users.indices.filter { !held.contains($0) }, held.sorted())
  }
}
