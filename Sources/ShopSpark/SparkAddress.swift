import ShopCore

/// A Spark Connect connection string, `sc://HOST[:PORT][/;PARAM=VALUE…]`, read as Spark's
/// client connection string spec and pyspark's `DefaultChannelBuilder` read it: port 15002
/// by default, an empty path, parameters after `/;` (names case-sensitive, values
/// percent-decoded).
///
/// Parameters: `use_ssl` (`true` for TLS), `token` (a bearer token; it also turns TLS on,
/// except on the local host, as in pyspark), `user_id`, `user_agent` and `session_id`
/// (a UUID to share a server session). Others (gRPC keepalive settings…) are accepted and
/// ignored; a parameter without `=` is an error, as in pyspark.
public struct SparkAddress: Sendable, Equatable {
  public var host: String
  public var port: Int
  public var useSSL = false
  public var token: String?
  public var userID: String?
  public var userAgent: String?
  public var sessionID: String?

  public init(_ text: String) throws {
    guard text.hasPrefix("sc://") else { throw SparkConnectError.badAddress(text) }
    var rest = Substring(text.dropFirst(5))
    var parameters: Substring = ""
    if let slash = rest.firstIndex(of: "/") {
      let path = rest[rest.index(after: slash)...]
      rest = rest[..<slash]
      // The path must be empty; parameters follow a ';'.
      guard path.isEmpty || path.hasPrefix(";") else { throw SparkConnectError.badAddress(text) }
      parameters = path.dropFirst()
    }
    var host = rest
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
    for part in parameters.split(separator: ";", omittingEmptySubsequences: true) {
      let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard kv.count == 2, !kv[0].isEmpty, let value = Self.percentDecoded(kv[1]) else {
        throw SparkConnectError.badParameter(String(part).hasPrefix("token=") ? "token=***" : String(part))
      }
      switch kv[0] {
      case "use_ssl": useSSL = value.lowercased() == "true"
      case "token": token = value
      case "user_id": userID = value
      case "user_agent": userAgent = value
      case "session_id": sessionID = value
      default: continue
      }
    }
  }

  /// Whether the connection is TLS: `use_ssl=true`, or a token for a host other than this
  /// machine (a bearer token is not sent in clear over a network; pyspark does the same).
  public var usesTLS: Bool {
    useSSL || (token != nil && !["localhost", "127.0.0.1", "::1"].contains(host.lowercased()))
  }

  /// The string as shown to the person and in errors: the token replaced by `***`.
  public static func masked(_ text: String) -> String {
    // Without Foundation (the default build has none here): split on ';' and rejoin.
    text.split(separator: ";", omittingEmptySubsequences: false)
      .map { $0.hasPrefix("token=") ? "token=***" : String($0) }
      .joined(separator: ";")
  }

  private static func percentDecoded(_ s: Substring) -> String? {
    var bytes: [UInt8] = []
    var utf8 = Array(s.utf8)[...]
    while let b = utf8.popFirst() {
      guard b == UInt8(ascii: "%") else { bytes.append(b); continue }
      guard utf8.count >= 2, let v = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else { return nil }
      bytes.append(v)
      utf8 = utf8.dropFirst(2)
    }
    return String(validating: bytes, as: UTF8.self)
  }
}

/// What goes wrong talking to Spark, worded for the person at the prompt.
public enum SparkConnectError: Error, Sendable, Equatable {
  case badAddress(String)
  /// A connection-string parameter that is not `NAME=VALUE` (or a value badly escaped).
  case badParameter(String)
  case notConnected
  /// The server could not be reached (refused, unknown host, timed out, TLS failed).
  case unreachable(address: String, detail: String)
  /// The server answered with an error (an unknown column, a missing file...).
  case server(address: String, message: String)
}

extension SparkConnectError: DiagnosticConvertible {
  public var diagnostic: Diagnostic {
    switch self {
    case .badAddress(let text):
      return .error("'\(SparkAddress.masked(text))' is not a Spark Connect address; expected sc://HOST:PORT[/;use_ssl=true;…]")
    case .badParameter(let part):
      return .error("the Spark Connect parameter '\(part)' is not NAME=VALUE (values %-escaped)")
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
