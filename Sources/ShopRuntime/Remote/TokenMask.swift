/// The text of a command as the store keeps it: the string after the word `token` (the
/// Spark Connect bearer token of `connect spark … token "…"`) replaced by `"***"`, so a
/// credential never lands in the session database or a replay.
enum TokenMask {
  static func masked(_ text: String) -> String {
    guard text.contains("token") else { return text }
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
