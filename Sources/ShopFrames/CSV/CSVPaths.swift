import Glibc
import ShopCore

/// Turns the path the user typed into the files to read: one file, or the sorted
/// matches of a glob (`monthly/*.csv.gz`).
enum CSVPaths {
  /// Whether `path` has glob characters (`*`, `?`, `[`).
  static func isGlob(_ path: String) -> Bool {
    path.contains { $0 == "*" || $0 == "?" || $0 == "[" }
  }

  /// The files `path` names, sorted by name for a glob.
  /// - Throws: `CSVError.fileNotFound` (with a suggestion from the same folder) or
  ///   `CSVError.noMatches`.
  static func resolve(_ typed: String) throws -> [String] {
    let path = expandingTilde(typed)
    if isGlob(path) {
      let matches = glob(path).filter { isRegularFile($0) }
      guard !matches.isEmpty else { throw CSVError.noMatches(glob: path) }
      return matches.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
    guard isRegularFile(path) else {
      throw CSVError.fileNotFound(path: path, suggestion: suggestion(for: path))
    }
    return [path]
  }

  /// `~/x` as `$HOME/x`, the way a shell would have passed it.
  static func expandingTilde(_ path: String) -> String {
    guard path == "~" || path.hasPrefix("~/"), let home = getenv("HOME") else { return path }
    return String(cString: home) + path.dropFirst()
  }

  static func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  /// "did you mean 'u.data'?" when a file in the same folder is a likely typo fix.
  static func suggestion(for path: String) -> String? {
    let (folder, name) = split(path)
    let names = listFolder(folder.isEmpty ? "." : folder)
    guard let near = Suggestions.nearest(to: name, in: names) else { return nil }
    return "did you mean '\(folder.isEmpty ? near : folder + "/" + near)'?"
  }

  /// Folder (without trailing slash, "" for none) and last component.
  static func split(_ path: String) -> (String, String) {
    guard let slash = path.lastIndex(of: "/") else { return ("", path) }
    let folder = String(path[..<slash])
    return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
  }

  static func displayName(_ path: String) -> String { split(path).1 }

  private static func listFolder(_ folder: String) -> [String] {
    guard let dir = opendir(folder) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != ".", name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  private static func glob(_ pattern: String) -> [String] {
    var result = glob_t()
    defer { globfree(&result) }
    guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
    var paths: [String] = []
    for i in 0..<Int(result.gl_pathc) {
      if let p = result.gl_pathv[i] { paths.append(String(cString: p)) }
    }
    return paths
  }
}
