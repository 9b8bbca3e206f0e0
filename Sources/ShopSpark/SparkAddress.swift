import ShopCore

/// A Spark Connect address, `sc://HOST[:PORT][/;PARAM=VALUE…]` (port 15002 by default, as
/// Spark's own clients assume). Parameters after `/;` are accepted and ignored.
public struct SparkAddress: Sendable, Equatable {
  public var host: String
  public var port: Int

  public init(_ text: String) throws {
    guard text.hasPrefix("sc://") else { throw SparkConnectError.badAddress(text) }
    var rest = text.dropFirst(5)
    if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
    var host = Substring(rest)
    var port = 15002
    if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
      guard let p = Int(rest[rest.index(after: colon)...]), (1...65535).contains(p) else {
        throw SparkConnectError.badAddress(text)
      }
      port = p
      host = rest[..<colon]
    }
    if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
    guard !host.isEmpty else { throw SparkConnectError.badAddress(text) }
    self.host = String(host)
    self.port = port
  }
}

/// What goes wrong talking to Spark, worded for the person at the prompt.
public enum SparkConnectError: Error, Sendable, Equatable {
  case badAddress(String)
  case notConnected
  /// The server could not be reached (refused, unknown host, timed out).
  case unreachable(address: String, detail: String)
  /// The server answered with an error (an unknown column, a missing file...).
  case server(address: String, message: String)
}

extension SparkConnectError: DiagnosticConvertible {
  public var diagnostic: Diagnostic {
    switch self {
    case .badAddress(let text):
      return .error("'\(text)' is not a Spark Connect address; expected sc://HOST:PORT")
    case .notConnected:
      return .error("not connected to Spark; first: connect spark \"sc://HOST:15002\"")
    case .unreachable(let address, let detail):
      return .error(
        "cannot reach the Spark Connect server at \(address)",
        notes: ["note: \(detail)", "help: is the server running? it logs 'Spark Connect server started at' when ready"])
    case .server(let address, let message):
      return .error("Spark at \(address): \(message)")
    }
  }
}
