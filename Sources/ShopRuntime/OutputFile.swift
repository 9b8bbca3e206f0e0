import ShopCore
import ShopSyntax

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// A file a command is about to write, named in the command as `"PATH" [overwrite]`.
///
/// Every command that writes a file reads its name through `OutputFile.read`, the one
/// place that decides whether the write may go ahead:
/// - an existing file (or folder, or link) is replaced only when the command says
///   `overwrite`, so a shared script cannot silently replace `~/.bashrc`, a report, or the
///   script that is running;
/// - inside `replay`, a file is written only when the replay said `writing files`.
///
/// ```
/// orders | save to "report.csv"             # error if report.csv exists
/// orders | save to "report.csv" overwrite   # replaces it
/// ```
struct OutputFile {
  /// The path as the user typed it (what messages show).
  let path: String
  /// The path made absolute against the session's folder.
  let resolved: String
  /// Where the path was typed, for errors about it.
  let range: SourceRange
  /// Whether the command said `overwrite`.
  let overwrite: Bool

  /// Reads a quoted path and an optional `overwrite` after it, and refuses the write now if
  /// it would replace something without `overwrite`, or if a replay may not write files.
  static func read(_ inv: inout Invocation, what: String) throws -> OutputFile {
    let (path, range) = try inv.args.string(what)
    let overwrite = inv.args.keyword("overwrite")
    let file = OutputFile(path: path, resolved: inv.session.resolve(path), range: range, overwrite: overwrite)
    if inv.session.replayDepth > 0, !inv.session.replayWritesFiles {
      throw RuntimeError.invalidValue(
        "replay does not write files unless told: this command would write '\(path)'", at: range)
    }
    var info = stat()
    if lstat(file.resolved, &info) == 0 {
      if (info.st_mode & S_IFMT) == S_IFDIR {
        throw RuntimeError.invalidValue("'\(path)' is a folder; name a file inside it", at: range)
      }
      if !overwrite {
        throw Diagnostic.error(
          "'\(path)' already exists", at: range, label: "add 'overwrite' after the file name to replace it")
      }
    }
    return file
  }
}
