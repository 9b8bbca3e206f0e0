import ShopCore
import ShopFrames
import ShopRuntime

/// Decides what Tab offers: file paths inside a string, otherwise commands, bound names,
/// column names of bound tables and the language's keywords.
enum Completer {
  static let keywords = [
    "by", "to", "with", "on", "as", "asc", "desc", "and", "or", "not", "in", "true", "false", "null",
    "let", "first", "last", "kind", "inner", "left", "anti", "seed", "bins",
  ]

  static func complete(prefix: String, session: Session) -> CompletionKind {
    // An odd number of double quotes before the word: we are inside a string.
    if prefix.filter({ $0 == "\"" }).count % 2 == 1 { return .paths }
    let beforeWord = prefix.trimmingCharacters(in: .whitespaces)
    let commands = session.interpreter?.registry.allNames ?? []
    if beforeWord.isEmpty || beforeWord.hasSuffix("|") || beforeWord == "help" {
      return .words(commands)
    }
    var words = Set(commands + keywords + session.bindings.keys)
    for value in session.bindings.values {
      if case .frame(let f) = value { words.formUnion(f.columnNames) }
    }
    if let last = session.last, case .frame(let f) = last { words.formUnion(f.columnNames) }
    return .words(offerable(words.sorted()))
  }

  /// readline prints the candidates of a double Tab itself, past the one terminal exit: a
  /// column name with a control code (an escape sequence from someone's CSV) or an invisible
  /// character is left out rather than written raw. Such a name cannot be typed anyway; it
  /// is reached with a back-quoted name or renamed.
  static func offerable(_ words: [String]) -> [String] {
    words.filter { TerminalText.visible($0, colors: false) == $0 }
  }
}

import Foundation
