import ShopCore

/// What can go wrong in the model commands, beyond training itself (`TrainingError`).
enum ModelError: Error, Equatable, Sendable {
  /// No model of this name in the session or the store.
  case unknownModel(String, known: [String], at: SourceRange?)
  /// The model was defined but never trained.
  case notTrained(String, at: SourceRange?)
  /// The table lacks a column the model needs.
  case missingColumn(
    model: String, column: String, role: String, available: [String], at: SourceRange?)
  /// A label column that is not yes/no.
  case badLabel(column: String, reason: String, at: SourceRange?)
  /// A split's time column whose order is not time order.
  case badTimeColumn(column: String, reason: String, at: SourceRange?)
  /// A user or item the model never saw in training.
  case unknownKey(role: String, key: String, at: SourceRange?)
  /// A user the model has no history for (`recommend`, `predict`): how many users it knows,
  /// a known id that is the same value written differently, and what to do instead
  /// (see `ModelError.unknownUser(_:in:at:)`).
  case unknownUser(model: String, user: String, known: Int, sameAs: String?, hints: [String], at: SourceRange?)
  /// The command does not apply to this kind of model.
  case wrongKind(model: String, kind: String, command: String, hint: String, at: SourceRange?)
  /// The table has no usable rows for this model.
  case noRows(String, at: SourceRange?)
  /// The stored weights could not be read back.
  case unreadable(model: String, reason: String)
}

extension ModelError: DiagnosticConvertible {
  var diagnostic: Diagnostic {
    switch self {
    case .unknownModel(let name, let known, let range):
      return .error(
        "no model '\(name)'", at: range, label: Suggestions.didYouMean(name, in: known),
        notes: [
          "'model \(name) = recommender|forecaster|behavior|classifier …' defines one; 'models' lists stored ones"
        ])
    case .notTrained(let name, let range):
      return .error(
        "model '\(name)' is not trained yet", at: range,
        notes: ["'train \(name) on TABLE' trains it"])
    case .missingColumn(let model, let column, let role, let available, let range):
      return .error(
        "model '\(model)' needs the \(role) column '\(column)', which this table does not have",
        at: range,
        label: Suggestions.didYouMean(column, in: available))
    case .badLabel(let column, let reason, let range):
      return .error(
        "label column '\(column)' \(reason)", at: range,
        notes: [
          "a label is yes/no: a boolean, 0/1, or the text true/false or yes/no; derive one, e.g. 'derive bought = Quantity > 0'"
        ])
    case .badTimeColumn(let column, let reason, let range):
      return .error(
        "the split's time column '\(column)' \(reason)", at: range,
        notes: [
          "split by a datetime or number column (derive one from '\(column)'), or use 'split random'"
        ])
    case .unknownKey(let role, let key, let range):
      return .error(
        "the model has never seen \(role) '\(key)'", at: range,
        notes: ["only \(role)s of the training table have embeddings"])
    case .unknownUser(let model, let user, let known, let sameAs, let hints, let range):
      return .error(
        "model '\(model)' has no history for user '\(user)': it is not one of the "
          + "\(NumberFormat.count(known, "user")) it was trained on",
        at: range, label: sameAs.map { "did you mean '\($0)'?" }, notes: hints)
    case .wrongKind(let model, let kind, let command, let hint, let range):
      return .error(
        "'\(command)' does not apply to '\(model)', a \(kind) model", at: range, notes: [hint])
    case .noRows(let what, let range):
      return .error(what, at: range)
    case .unreadable(let model, let reason):
      return .error("the stored weights of model '\(model)' cannot be read: \(reason)")
    }
  }
}
