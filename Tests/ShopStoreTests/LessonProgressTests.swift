import Foundation
import ShopStore
import XCTest

/// Where lessons stand and what was answered, as `shoplab learn` writes it and a teacher
/// reads it back.
final class LessonProgressTests: XCTestCase {
  func testProgressResumesAddsTimeAndCountsSolvedExercisesOnce() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("student.db")
    do {
      let store = try SessionStore(path: path)
      XCTAssertEqual(try store.lessonProgress(), [:])
      try store.saveLessonProgress(lesson: "02-kpis", path: "/x/02-kpis.shop", step: 3, steps: 9, addingSeconds: 40, completed: false)
      try store.recordLessonAnswer(lesson: "02-kpis", step: 3, session: nil, answer: "0.5", verdict: "wrong")
      try store.recordLessonAnswer(lesson: "02-kpis", step: 3, session: nil, answer: "0.3243", verdict: "correct")
      try store.recordLessonAnswer(lesson: "02-kpis", step: 3, session: nil, answer: "_", verdict: "correct")
      try store.recordLessonAnswer(lesson: "02-kpis", step: 5, session: nil, answer: "", verdict: "shown")
    }
    // A second sitting, in a new process, sees the first and adds to it.
    let store = try SessionStore(path: path)
    XCTAssertEqual(
      try store.lessonProgress()["02-kpis"],
      .init(lesson: "02-kpis", step: 3, steps: 9, completed: false, seconds: 40, solved: 1))
    try store.saveLessonProgress(lesson: "02-kpis", path: "/x/02-kpis.shop", step: 9, steps: 9, addingSeconds: 20, completed: true)
    try store.saveLessonProgress(lesson: "02-kpis", path: "/x/02-kpis.shop", step: 9, steps: 9, addingSeconds: 5, completed: false)
    XCTAssertEqual(
      try store.lessonProgress()["02-kpis"],
      .init(lesson: "02-kpis", step: 9, steps: 9, completed: true, seconds: 65, solved: 1))
    let verdicts = try store.database.query("SELECT verdict, count(*) FROM lesson_answers GROUP BY verdict ORDER BY verdict")
    XCTAssertEqual(verdicts, [[.text("correct"), .integer(2)], [.text("shown"), .integer(1)], [.text("wrong"), .integer(1)]])
  }
}
