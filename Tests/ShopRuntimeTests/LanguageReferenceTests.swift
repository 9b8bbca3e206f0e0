import Foundation
import ShopRuntime
import ShopTestSupport
import XCTest

/// docs/language.md lists every command from the registry itself, so the reference cannot
/// drift from the program. `SHOPLAB_RECORD_DOCS=1` rewrites the section.
final class LanguageReferenceTests: XCTestCase {
  static let begin = "<!-- commands:begin -->\n"
  static let end = "<!-- commands:end -->"

  static func generated() -> String {
    var out = ""
    var category = ""
    for command in CommandRegistry.standard.commands {
      if command.category != category {
        category = command.category
        out += "\n### \(category)\n"
      }
      out += "\n#### `\(command.name)`\n\n"
      out += "```\n\(command.synopsis)\n```\n\n"
      out += "\(command.summary.prefix(1).uppercased() + command.summary.dropFirst()).\n"
      if !command.details.isEmpty { out += "\n" + command.details + "\n" }
      if !command.aliases.isEmpty { out += "\nAlso: " + command.aliases.map { "`\($0)`" }.joined(separator: ", ") + ".\n" }
      if !command.examples.isEmpty {
        out += "\n```\n" + command.examples.joined(separator: "\n") + "\n```\n"
      }
    }
    return out + "\n"
  }

  func testTheReferenceListsEveryCommandAsTheHelpDoes() throws {
    let path = repositoryRoot + "/docs/language.md"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    guard let a = text.range(of: Self.begin), let b = text.range(of: Self.end) else {
      return XCTFail("docs/language.md lacks the commands markers")
    }
    let current = String(text[a.upperBound..<b.lowerBound])
    let wanted = Self.generated()
    if current != wanted {
      if ProcessInfo.processInfo.environment["SHOPLAB_RECORD_DOCS"] != nil {
        try (String(text[..<a.upperBound]) + wanted + String(text[b.lowerBound...]))
          .write(toFile: path, atomically: true, encoding: .utf8)
      } else {
        XCTFail("docs/language.md's command list differs from the program's help; run SHOPLAB_RECORD_DOCS=1 swift test --filter LanguageReferenceTests")
      }
    }
  }
}
