/// "Did you mean ...?" by edit distance.
public enum Suggestions {
  /// The candidate nearest to `name`, if it is close enough to be a likely typo.
  ///
  /// Case-insensitive matches win outright. Otherwise the Damerau-Levenshtein distance
  /// must be at most a third of the name's length (at least 1, at most 3): looser than
  /// that and the suggestions stop being typos and start being guesses. A candidate that
  /// shares nothing with the name is never a typo of it (`y` is not a misspelt `_`).
  public static func nearest(to name: String, in candidates: [String]) -> String? {
    let lowered = name.lowercased()
    if let exact = candidates.first(where: { $0.lowercased() == lowered }) { return exact }
    let limit = min(3, max(1, name.count / 3))
    let length = lowered.count
    var best: (String, Int)?
    for candidate in candidates {
      // The distance is at least the difference in length: far longer or shorter names are
      // not typos, and skipping them keeps a pasted paragraph from costing seconds.
      let other = candidate.lowercased()
      guard abs(other.count - length) <= limit else { continue }
      let d = editDistance(lowered, other)
      if d <= limit, d < max(length, other.count), d < (best?.1 ?? Int.max) { best = (candidate, d) }
    }
    return best?.0
  }

  /// "did you mean 'x'?" or nil.
  public static func didYouMean(_ name: String, in candidates: [String]) -> String? {
    nearest(to: name, in: candidates).map { "did you mean '\($0)'?" }
  }

  /// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a)
    let y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var d = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
    for i in 0...x.count { d[i][0] = i }
    for j in 0...y.count { d[0][j] = j }
    for i in 1...x.count {
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
          d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        }
      }
    }
    return d[x.count][y.count]
  }
}
