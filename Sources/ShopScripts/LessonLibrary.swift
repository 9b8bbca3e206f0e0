import Foundation

/// Where lessons are found: every `.shop` file in the given folders (not their subfolders),
/// named by its file name without `.shop`. A name in an earlier folder hides the same name
/// in a later one.
public enum LessonLibrary {
  public struct Entry: Sendable {
    public var name: String
    public var path: String
    public var lesson: Lesson
  }

  public static func lessons(in folders: [String]) -> [Entry] {
    var seen = Set<String>()
    var out: [Entry] = []
    for folder in folders {
      let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".shop") }
      for file in files.sorted() {
        let name = String(file.dropLast(".shop".count))
        let path = (folder as NSString).appendingPathComponent(file)
        guard !seen.contains(name), let entry = load(path, name: name) else { continue }
        seen.insert(name)
        out.append(entry)
      }
    }
    return out
  }

  /// The lesson in one file.
  public static func load(_ path: String, name: String? = nil) -> Entry? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    let name = name ?? String(((path as NSString).lastPathComponent as NSString).deletingPathExtension)
    return Entry(name: name, path: path, lesson: LessonParser.parse(text, name: name))
  }
}
