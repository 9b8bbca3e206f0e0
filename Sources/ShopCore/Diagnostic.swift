/// How serious a diagnostic is.
public enum Severity: String, Sendable {
  case error, warning, note
}

/// A message about the user's input, anchored to a byte range when one is known.
///
/// Every layer's typed error converts into a `Diagnostic` (see `DiagnosticConvertible`),
/// and `DiagnosticRenderer` is the one place that turns it into text.
public struct Diagnostic: Error, Sendable, Equatable {
  public var severity: Severity
  public var message: String
  public var range: SourceRange?
  /// Shown under the caret, e.g. "did you mean 'Revenue'?".
  public var label: String?
  /// Extra lines shown after the snippet ("help: ...", "note: ...").
  public var notes: [String]

  public init(
    _ severity: Severity = .error, _ message: String, at range: SourceRange? = nil,
    label: String? = nil, notes: [String] = []
  ) {
    self.severity = severity
    self.message = message
    self.range = range
    self.label = label
    self.notes = notes
  }

  public static func error(
    _ message: String, at range: SourceRange? = nil, label: String? = nil, notes: [String] = []
  ) -> Diagnostic {
    Diagnostic(.error, message, at: range, label: label, notes: notes)
  }
}

/// An error that knows how to describe itself as a diagnostic.
public protocol DiagnosticConvertible: Error {
  var diagnostic: Diagnostic { get }
}

extension Diagnostic: DiagnosticConvertible {
  public var diagnostic: Diagnostic { self }
}

extension Diagnostic: CustomStringConvertible {
  public var description: String { "\(severity.rawValue): \(message)" }
}
