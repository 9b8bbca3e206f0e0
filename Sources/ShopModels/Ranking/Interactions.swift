/// Who interacted with what, as a sparse user × item matrix in compressed rows (CSR).
///
/// Row u holds the user's distinct items in increasing id order with a positive weight each
/// (1 for a plain interaction; a quantity, rating or event weight otherwise; repeated pairs
/// add up). No model ever builds the dense users × items matrix: a catalogue of 100k items
/// and a million interactions is a few megabytes here.
///
/// ```swift
/// let x = Interactions(users: [0, 0, 1], items: [2, 0, 2], userCount: 2, itemCount: 3)
/// x.items(of: 0)   // [0, 2]
/// ```
public struct Interactions: Sendable, Equatable {
  public let userCount: Int
  public let itemCount: Int
  /// `rowStart[u] ..< rowStart[u + 1]` index user u's entries in `columns` and `weights`.
  public let rowStart: [Int]
  public let columns: [Int32]
  public let weights: [Float]

  /// Builds the matrix from parallel arrays of pairs; `weights` default to 1.
  /// - Complexity: O(n log n) for n pairs.
  public init(
    users: [Int], items: [Int], weights w: [Float]? = nil, userCount: Int, itemCount: Int
  ) {
    precondition(users.count == items.count && (w?.count ?? users.count) == users.count)
    self.userCount = userCount
    self.itemCount = itemCount
    var counts = [Int](repeating: 0, count: userCount + 1)
    for u in users { counts[u + 1] += 1 }
    for u in 0..<userCount { counts[u + 1] += counts[u] }
    var fill = counts
    var cols = [Int32](repeating: 0, count: users.count)
    var vals = [Float](repeating: 0, count: users.count)
    for k in users.indices {
      let u = users[k]
      cols[fill[u]] = Int32(items[k])
      vals[fill[u]] = w?[k] ?? 1
      fill[u] += 1
    }
    // Sort each row and merge repeated items.
    var start = [0]
    start.reserveCapacity(userCount + 1)
    var outCols: [Int32] = []
    var outVals: [Float] = []
    outCols.reserveCapacity(users.count)
    outVals.reserveCapacity(users.count)
    for u in 0..<userCount {
      let row = (counts[u]..<counts[u + 1]).sorted { cols[$0] < cols[$1] }
      for k in row {
        if let last = outCols.last, outCols.count > start[u], last == cols[k] {
          outVals[outVals.count - 1] += vals[k]
        } else {
          outCols.append(cols[k])
          outVals.append(vals[k])
        }
      }
      start.append(outCols.count)
    }
    rowStart = start
    columns = outCols
    weights = outVals
  }

  private init(userCount: Int, itemCount: Int, rowStart: [Int], columns: [Int32], weights: [Float]) {
    self.userCount = userCount
    self.itemCount = itemCount
    self.rowStart = rowStart
    self.columns = columns
    self.weights = weights
  }

  /// The number of stored (user, item) entries.
  public var count: Int { columns.count }

  /// User u's items, ascending.
  public func items(of user: Int) -> ArraySlice<Int32> {
    guard user >= 0 && user < userCount else { return [] }
    return columns[rowStart[user]..<rowStart[user + 1]]
  }

  /// User u's items as `Int`s.
  public func history(of user: Int) -> [Int] { items(of: user).map(Int.init) }

  /// User u's weights, aligned with `items(of:)`.
  public func weights(of user: Int) -> ArraySlice<Float> {
    guard user >= 0 && user < userCount else { return [] }
    return weights[rowStart[user]..<rowStart[user + 1]]
  }

  /// Whether user u has item i (binary search).
  public func contains(user: Int, item: Int) -> Bool {
    let row = items(of: user)
    var lo = row.startIndex, hi = row.endIndex
    let x = Int32(item)
    while lo < hi {
      let mid = (lo + hi) / 2
      if row[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo < row.endIndex && row[lo] == x
  }

  /// The item × user matrix (each item's users, ascending).
  /// - Complexity: O(count + userCount + itemCount).
  public func transposed() -> Interactions {
    var counts = [Int](repeating: 0, count: itemCount + 1)
    for c in columns { counts[Int(c) + 1] += 1 }
    for i in 0..<itemCount { counts[i + 1] += counts[i] }
    var fill = counts
    var cols = [Int32](repeating: 0, count: count)
    var vals = [Float](repeating: 0, count: count)
    for u in 0..<userCount {
      for k in rowStart[u]..<rowStart[u + 1] {
        let i = Int(columns[k])
        cols[fill[i]] = Int32(u)
        vals[fill[i]] = weights[k]
        fill[i] += 1
      }
    }
    return Interactions(
      userCount: itemCount, itemCount: userCount, rowStart: counts, columns: cols, weights: vals)
  }

  /// How many users have each item (the popularity baseline's scores).
  public var itemCounts: [Int] {
    var c = [Int](repeating: 0, count: itemCount)
    for i in columns { c[Int(i)] += 1 }
    return c
  }
}
