import ShopCore

/// Explanations are written as paragraphs in the file and wrapped to the terminal width.
public enum LessonText {
  /// `text` cut into lines of at most `width` display columns, at spaces (a word longer
  /// than the width gets a line of its own).
  public static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      let w = String(word)
      if line.isEmpty {
        line = w
      } else if displayWidth(line) + 1 + displayWidth(w) <= width {
        line += " " + w
      } else {
        lines.append(line)
        line = w
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }
}
