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

  /// RecBole's `RS 8:1:1`: each user's rows in a seeded random order, cut into train,
  /// validation and test by `ratios` (test and validation get ⌊ratio · n⌋, at least one each
  /// when the user has enough rows; training gets the rest), so every user is in every part.
  /// Indices come back sorted.
  public static func ratioPerUser(
    users: [Int], ratios: (train: Double, validation: Double, test: Double) = (0.8, 0.1, 0.1),
    seed: UInt64
  ) -> (train: [Int], validation: [Int], test: [Int]) {
    var rng = SeededRandom(seed: seed)
    var rowsByUser: [Int: [Int]] = [:]
    var order: [Int] = []
    for r in users.indices {
      if rowsByUser[users[r]] == nil { order.append(users[r]) }
      rowsByUser[users[r], default: []].append(r)
    }
    var train: [Int] = [], validation: [Int] = [], test: [Int] = []
    for u in order {
      var rows = rowsByUser[u] ?? []
      rng.shuffle(&rows)
      let n = rows.count
      var counts = [Int(ratios.train * Double(n)), Int(ratios.validation * Double(n)), Int(ratios.test * Double(n))]
      counts[0] = n - counts[1] - counts[2]
      // RecBole's rule: a part whose share is between 0 and 1 row still gets one, while
      // training keeps at least one.
      for part in [2, 1] where counts[0] > 1 {
        let share = [ratios.train, ratios.validation, ratios.test][part] * Double(n)
        if share > 0 && share < 1 {
          counts[part] += 1
          counts[0] -= 1
        }
      }
      train += rows[0..<counts[0]]
      validation += rows[counts[0]..<(counts[0] + counts[1])]
      test += rows[(counts[0] + counts[1])...]
    }
    return (train.sorted(), validation.sorted(), test.sorted())
  }
}
