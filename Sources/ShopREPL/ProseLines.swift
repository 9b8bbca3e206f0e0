import ShopCore
import ShopScripts

/// Wraps the prose lines commands print under their tables (a `definition:`, a `note:`, a
/// `warning:`, the `roles:` a KPI read) at words to the terminal's width, continuation lines
/// indented, instead of letting the terminal cut them mid-word. Only what a terminal shows
/// is wrapped: the store, `--check` and piped output keep each line whole.
enum ProseLines {
  static let prefixes = ["definition: ", "note: ", "warning: ", "roles: ", "hint: "]

  /// `text` as the lines to show at `width` columns (0: as it is).
  static func wrap(_ text: String, width: Int) -> [String] {
    guard width > 20, !text.contains("\n"), prefixes.contains(where: text.hasPrefix), displayWidth(text) > width
    else { return [text] }
    let lines = LessonText.wrap(text, width: width)
    guard lines.count > 1 else { return lines }
    let rest = LessonText.wrap(lines.dropFirst().joined(separator: " "), width: width - 2).map { "  " + $0 }
    return [lines[0]] + rest
  }
}
