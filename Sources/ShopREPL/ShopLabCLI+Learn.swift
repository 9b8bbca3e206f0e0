import Foundation
import ShopCore
import ShopRuntime
import ShopScripts
import ShopStore

#if canImport(Glibc)
  import Glibc
#endif

/// `shoplab learn`: the lessons with the student's progress, or one lesson stepped through.
extension ShopLabCLI {
  /// The folders `learn` reads when none is given: `examples/` in the current folder, else
  /// the `examples/` of the checkout the executable was built in.
  public static func defaultLessonFolders() -> [String] {
    let fm = FileManager.default
    let here = fm.currentDirectoryPath + "/examples"
    if fm.fileExists(atPath: here) { return [here] }
    var dir = (Bundle.main.executablePath.map { ($0 as NSString).resolvingSymlinksInPath } ?? "") as NSString
    while dir.length > 1 {
      dir = dir.deletingLastPathComponent as NSString
      let candidate = dir.appendingPathComponent("examples")
      if fm.fileExists(atPath: dir.appendingPathComponent("Package.swift")), fm.fileExists(atPath: candidate) {
        return [candidate]
      }
    }
    return []
  }

  /// Lists the lessons in `folders` with what the store records of each.
  public static func listLessons(folders: [String], options: Options) -> Int32 {
    guard let store = openStore(options) else { return Status.failed }
    let entries = LessonLibrary.lessons(in: folders)
    guard !entries.isEmpty else {
      return usageError("no lessons (.shop files) in \(folders.isEmpty ? "any folder" : folders.joined(separator: ", "))")
    }
    let progress: [String: SessionStore.LessonProgress]
    do { progress = try store.lessonProgress() } catch { return fail(error) }
    let nameWidth = entries.map { displayWidth($0.name) }.max() ?? 0
    for entry in entries {
      let lesson = entry.lesson
      let shape = LessonTutor.shape(lesson)
      let state: String
      if let p = progress[entry.name] {
        let solved = lesson.exerciseCount > 0 ? ", \(p.solved) of \(lesson.exerciseCount) solved" : ""
        state = (p.completed ? "done" : "at step \(p.step) of \(p.steps)") + solved
      } else {
        state = "not started"
      }
      Terminal.out("\(pad(entry.name, toWidth: nameWidth))  \(lesson.title)")
      Terminal.out("\(pad("", toWidth: nameWidth))  \(shape) · \(state)")
    }
    Terminal.out("'shoplab learn NAME' starts a lesson or resumes it where it stopped.")
    return Status.ok
  }

  /// Starts or resumes the lesson `name` (a name in `folders`, or a path to a .shop file).
  public static func runLesson(_ name: String, folders: [String], options: Options) -> Int32 {
    let entries = LessonLibrary.lessons(in: folders)
    let found: LessonLibrary.Entry?
    if name.hasSuffix(".shop") {
      found = LessonLibrary.load(name)
    } else {
      found = entries.first { $0.name == name }
    }
    guard let entry = found else {
      let hint = Suggestions.nearest(to: name, in: entries.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
      return usageError("no lesson '\(name)'\(hint); 'shoplab learn' lists them")
    }
    if let problem = entry.lesson.problems.first {
      return usageError("\(entry.path):\(problem.line): lesson markup: \(problem.message)")
    }
    guard let store = openStore(options) else { return Status.failed }
    let quiet = QuietSwitch()
    let console = Console(writeThrough: { if !quiet.on { Terminal.out($0) } })
    let absolute = entry.path.hasPrefix("/") ? entry.path : FileManager.default.currentDirectoryPath + "/" + entry.path
    let session: Session
    do {
      session = try Session(
        console: console, store: store, kind: "lesson", source: absolute, isInteractive: true,
        workingDirectory: (absolute as NSString).deletingLastPathComponent)
    } catch {
      return fail(error)
    }
    var width = 80
    var size = winsize()
    if isatty(1) != 0, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 {
      width = Int(size.ws_col)
      session.settings.width = width
      session.settings.chartWidth = min(width, 160)
      Terminal.proseWidth = width
    }
    session.settings.color = session.colourAllowed
    Terminal.colors = session.colourAllowed
    let reader: LineReader
    if isatty(0) != 0 {
      let home = ProcessInfo.processInfo.environment["HOME"] ?? FileManager.default.currentDirectoryPath
      reader = ReadlineLineReader(historyPath: home + "/.shoplab_history") { [unowned session] prefix in
        Completer.complete(prefix: prefix, session: session)
      }
    } else {
      reader = PlainLineReader()
    }
    let tutor = LessonTutor(
      lesson: entry.lesson, path: absolute, interpreter: Interpreter(session: session), reader: reader, store: store,
      quiet: quiet, width: width, out: { Terminal.out($0) }, err: { Terminal.err($0) })
    tutor.run()
    reader.saveHistory()
    return end(session, status: Status.ok)
  }
}
