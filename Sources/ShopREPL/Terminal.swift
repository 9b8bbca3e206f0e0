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

  /// Writes a line to standard output.
  public static func out(_ text: String) {
    print(TerminalText.visible(text, colors: colors))
  }

  /// Writes a line to standard error.
  public static func err(_ text: String) {
    let line = TerminalText.visible(text, colors: colors) + "\n"
    FileHandle.standardError.write(Data(line.utf8))
  }
}
