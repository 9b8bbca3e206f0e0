import ShopCore

extension ModelError {
  /// `recommend` or `predict` for a user the model has no history for: the error names the
  /// user and the model, and says what can be done instead for its family.
  ///
  /// Every family answers alike; only the way out differs. A recommender of any kind
  /// (itemknn, ease, als, popular …) ranks for a visitor from the items they had (`items I,
  /// J`); a behavior model (gmf, mlp) has embeddings only for its training users, so it can
  /// only be retrained. A "did you mean" is offered only for a known id that is the same
  /// value written differently (case, spaces, `12583.0` for `12583`): ids one edit apart are
  /// other people, and suggesting one would recommend for the wrong customer.
  static func unknownUser(_ user: String, in state: ModelState, at range: SourceRange) -> ModelError {
    var hints: [String] = []
    if state.recommender != nil {
      hints.append(
        "for a visitor with no history in training, rank from the items they had: "
          + "'recommend \(state.name) items I, J, …'")
    } else {
      hints.append(
        "a \(state.spec.kind.rawValue) model has embeddings only for the users of its training table; "
          + "a recommender ('model r = recommender itemknn users … items …') also ranks for a visitor from the items they had")
    }
    hints.append("if the user is new since training, train '\(state.name)' again on a table that has them")
    return .unknownUser(
      model: state.name, user: user, known: state.users.count, sameAs: sameKey(as: user, in: state.users.keys),
      hints: hints, at: range)
  }

  /// A known key that is `key` written differently: other case or surrounding spaces, or
  /// the same number (`12583.0`, `012583`).
  static func sameKey(as key: String, in keys: [String]) -> String? {
    func plain(_ s: String) -> String {
      String(s.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()).lowercased()
    }
    let wanted = plain(key)
    if let match = keys.first(where: { plain($0) == wanted }) { return match }
    guard let number = Double(wanted), number.isFinite else { return nil }
    return keys.first { Double(plain($0)) == number }
  }
}
