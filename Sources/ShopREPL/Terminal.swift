import Foundation
import ShopCore
import Synchronization

/// The one exit to the terminal: every line ShopLab shows on stdout or stderr leaves
/// through here, made visible by `TerminalText.visible` (control characters shown, never
/// obeyed). The store and `--check` keep the raw text; only what a terminal receives is
/// rendered.
public enum Terminal {
  private static let colorsOn = Atomic<Bool>(false)

  /// Whether ShopLab's colour marks become colour codes (the REPL on a colour terminal).
  public static var colors: Bool {
    get { colorsOn.load(ordering: .relaxed) }
    set { colorsOn.store(newValue, ordering: .relaxed) }
  }

  private static let proseWidthValue = Atomic<Int>(0)

  /// The width `ProseLines` wraps notes and definitions to on standard output: the REPL's
  /// and a lesson's terminal width; 0 (scripts, pipes) leaves every line whole.
  public static var proseWidth: Int {
    get { proseWidthValue.load(ordering: .relaxed) }
    set { proseWidthValue.store(newValue, ordering: .relaxed) }
  }

  /// Writes a line to standard output.
  public static func out(_ text: String) {
    for line in ProseLines.wrap(text, width: proseWidth) {
      print(TerminalText.visible(line, colors: colors))
    }
  }

  /// Writes a line to standard error.
  public static func err(_ text: String) {
    let line = TerminalText.visible(text, colors: colors) + "\n"
    FileHandle.standardError.write(Data(line.utf8))
  }
}
