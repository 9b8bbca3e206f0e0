import ArgumentParser
import ShopREPL

/// `shoplab learn [NAME]`: lists the lessons with the student's progress, or steps through one.
struct LearnCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "learn",
    abstract: "List the lessons and your progress; or start or resume one.",
    discussion: """
      A lesson is a .shop file (docs/lessons.md): each step explains itself, then puts its \
      command at the prompt, ready to run or edit; exercises ask a question you answer with \
      'answer …'. Progress is kept in the session store (--db) and a lesson resumes where it stopped.

      Examples:
        shoplab learn                         the lessons and your progress
        shoplab learn 02-kpis                 start or resume one
        shoplab learn --folder course/ week1  a teacher's folder of lessons
      """)

  @ParentCommand var root: ShopLabCommand

  @Option(
    name: .long,
    help: ArgumentHelp("A folder of lessons, read before examples/ (repeatable).", valueName: "dir"),
    completion: .directory)
  var folder: [String] = []

  @Argument(help: ArgumentHelp("The lesson to start or resume (a name from the list, or a .shop file).", valueName: "name"))
  var name: String?

  func run() throws {
    let folders = folder + ShopLabCLI.defaultLessonFolders()
    let options = ShopLabCLI.Options(db: root.db)
    if let name {
      try finish(ShopLabCLI.runLesson(name, folders: folders, options: options))
    } else {
      try finish(ShopLabCLI.listLessons(folders: folders, options: options))
    }
  }
}
