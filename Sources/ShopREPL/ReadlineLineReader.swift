import CReadline
import ShopCore
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Line editing with GNU readline: history file, Ctrl-R, and tab completion of commands,
/// bound names, column names and file paths.
public final class ReadlineLineReader: LineReader {
  private let historyPath: String

  /// - Parameters:
  ///   - historyPath: the persistent history file.
  ///   - completions: called on Tab with the whole line so far; returns candidate words.
  public init(historyPath: String, completions: @escaping (String) -> CompletionKind) {
    self.historyPath = historyPath
    completionProvider = completions
    rlshim_configure("shoplab", readlineCompleter)
    rlshim_set_event_hook(readlineSignalHook)
    stifle_history(2000)
    _ = read_history(historyPath)
  }

  public func readLine(prompt: String) -> String? {
    guard let raw = readline(prompt) else { return nil }
    defer { free(raw) }
    return String(cString: raw)
  }

  /// Reads a line that starts out holding `prefill`, cursor at its end, editable like typing.
  public func readLine(prompt: String, prefill: String) -> String? {
    pendingPrefill = prefill
    rlshim_set_startup_hook(readlineStartupHook)
    defer {
      rlshim_set_startup_hook(nil)
      pendingPrefill = nil
    }
    return readLine(prompt: prompt)
  }

  public func addHistory(_ entry: String) {
    guard !entry.trimmingCharacters(in: .whitespaces).isEmpty else { return }
    add_history(entry)
  }

  public func saveHistory() { _ = write_history(historyPath) }
}

/// What Tab should offer at the cursor.
public enum CompletionKind: Sendable {
  case words([String])
  case paths
}

// Readline calls back on the one thread that called `readline`, so plain globals are
// safe here; they exist only because C callbacks cannot capture context.
nonisolated(unsafe) private var completionProvider: ((String) -> CompletionKind)?
nonisolated(unsafe) private var completionCandidates: [String] = []

/// readline asks for completions of `text`, which lies at [start, end) of the line.
private func readlineCompleter(
  _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
  rlshim_no_default_completion()
  let line = String(cString: rlshim_line_buffer())
  let prefix = String(line.utf8.prefix(Int(start))) ?? line
  let kind = completionProvider?(prefix) ?? .words([])
  switch kind {
  case .paths:
    rlshim_set_append_character(0)
    return rlshim_matches(text, rlshim_filename_generator)
  case .words(let words):
    rlshim_set_append_character(32)
    let typed = text.map { String(cString: $0) } ?? ""
    let matches = words.filter { $0.hasPrefix(typed) }
    completionCandidates = matches
    return rlshim_matches(text, readlineGenerator)
  }
}

private func readlineGenerator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
  let index = Int(state)
  guard index < completionCandidates.count else { return nil }
  return strdup(completionCandidates[index])
}

nonisolated(unsafe) private var pendingPrefill: String?

/// Runs as readline starts a line: puts the pre-filled text on it.
private func readlineStartupHook() -> Int32 {
  if let text = pendingPrefill, !text.isEmpty { _ = rl_insert_text(text) }
  pendingPrefill = nil
  return 0
}

/// Runs while readline waits for a key; clears the line when Ctrl-C was pressed.
private func readlineSignalHook() -> Int32 {
  if InterruptFlag.takeAtPrompt() {
    rlshim_clear_line()
  }
  return 0
}

/// SIGINT handling: at the prompt it clears the line; during a command it asks the
/// command to stop (via `Cancellation`), and the session goes on.
public enum InterruptFlag {
  private static let pending = Atomic<Bool>(false)

  /// Installs the SIGINT handler.
  public static func install() {
    signal(SIGINT) { _ in
      InterruptFlag.pending.store(true, ordering: .relaxed)
      Cancellation.shared.request()
    }
  }

  /// Whether Ctrl-C was pressed at the prompt (and forget it).
  static func takeAtPrompt() -> Bool {
    pending.exchange(false, ordering: .relaxed)
  }

  /// Whether Ctrl-C was pressed since the last check (and forget it).
  public static func takePending() -> Bool {
    pending.exchange(false, ordering: .relaxed)
  }

  /// Forget a Ctrl-C that arrived after the command it was meant for ended.
  public static func clear() {
    pending.store(false, ordering: .relaxed)
    Cancellation.shared.reset()
  }
}

import Foundation
