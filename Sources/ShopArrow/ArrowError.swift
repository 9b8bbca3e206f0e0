import ShopCore

/// What can go wrong reading an Arrow IPC stream. Cases carry data; `diagnostic` words them.
public enum ArrowError: Error, Sendable, Equatable {
  /// The bytes do not follow the IPC stream or FlatBuffers layout (truncated, bad offset).
  case malformed(String)
  /// A well-formed stream using something this reader does not decode (a type, compression).
  case unsupported(String)
  /// A later schema message that differs from the first one in the same result.
  case schemaChanged
}

extension ArrowError: DiagnosticConvertible {
  public var diagnostic: Diagnostic {
    switch self {
    case .malformed(let what):
      return .error("malformed Arrow data: \(what)")
    case .unsupported(let what):
      return .error(
        "unsupported Arrow data: \(what)",
        notes: ["help: cast the column on the server side (int, double, string, bool, date, decimal, timestamp)"])
    case .schemaChanged:
      return .error("malformed Arrow data: the schema changed between record batches")
    }
  }
}
