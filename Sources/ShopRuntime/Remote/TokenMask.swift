/// The text of a command as the store keeps it: the string after the word `token` (the
/// Spark Connect bearer token of `connect spark … token "…"`) replaced by `"***"`, and a
/// connection string's `;token=…` parameter by `;token=***`, so a credential never lands
/// in the session database or a replay.
enum TokenMask {
  static func masked(_ text: String) -> String {
    guard text.contains("token") else { return text }
    return quotedTokensMasked(parametersMasked(text))
  }

  /// `;token=VALUE` up to the next `;`, quote or space.
  static func parametersMasked(_ text: String) -> String {
    var out = ""
    var rest = Substring(text)
    while let p = rest.range(of: ";token=") {
      out += rest[..<p.upperBound] + "***"
      rest = rest[p.upperBound...]
      rest = rest[(rest.firstIndex { $0 == ";" || $0 == "\"" || $0 == " " } ?? rest.endIndex)...]
    }
    return out + rest
  }

  private static func quotedTokensMasked(_ text: String) -> String {
    var out = ""
    var rest = Substring(text)
    while let word = rest.range(of: "token") {
      out += rest[..<word.upperBound]
      rest = rest[word.upperBound...]
      let spaces = rest.prefix { $0 == " " || $0 == "\t" }
      guard !spaces.isEmpty, rest.dropFirst(spaces.count).first == "\"" else { continue }
      let afterQuote = rest.dropFirst(spaces.count + 1)
      guard let close = afterQuote.firstIndex(of: "\"") else { continue }
      out += spaces + "\"***\""
      rest = afterQuote[afterQuote.index(after: close)...]
    }
    return out + rest
  }
}
