import Foundation
import Synchronization
import XCTest

/// Where the tests find real datasets.
///
/// Paths are written as they are laid out in `../shared/data` (for example
/// `uci-online-retail/online_retail_non_uk.csv`), and `testDataPath` resolves them:
///
/// - A file the repository ships under `data/` (see `bundledFolders`) is read from there,
///   so those tests run on a clone of the repository alone.
/// - Any other file belongs to a `SharedDataGroup`: datasets whose licence or size keeps
///   them out of the repository. When `../shared/data` is not beside the repository (or is
///   hidden with `SHOPLAB_HIDE_SHARED_DATA=1`, which is how `.ci/run` plays a lone clone),
///   the test is skipped with `XCTSkip`, and the first skip of each group prints one line
///   saying what is skipped and why.
/// - When `../shared/data` is there but the file is not, the test fails: CI has the data
///   and must run these tests (with `SHOPLAB_REQUIRE_SHARED_DATA=1`, a missing
///   `../shared/data` fails them too).
public enum TestData {
  /// Folders of `../shared/data` that the repository ships under `data/`, and their name
  /// there. Each has a PROVENANCE.md with its licence and attribution.
  public static let bundledFolders: [String: String] = [
    "uci-online-retail": "online-retail",
    "uci-online-shoppers-intention": "online-shoppers-intention",
    "otto-recsys-sample": "otto-recsys-sample",
  ]

  /// `data/` in the repository.
  public static var bundledDirectory: String { repositoryRoot + "/data" }

  /// The environment variable that hides `../shared/data` from the tests.
  public static let hideVariable = "SHOPLAB_HIDE_SHARED_DATA"
  /// The environment variable that makes a missing `../shared/data` a failure, not a skip
  /// (`.ci/run` sets it for the run that must cover every test).
  public static let requireVariable = "SHOPLAB_REQUIRE_SHARED_DATA"

  static func flag(_ name: String) -> String? {
    guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty, value != "0" else {
      return nil
    }
    return value
  }

  /// `../shared/data` beside the repository.
  public static var sharedDirectory: String {
    URL(fileURLWithPath: repositoryRoot).deletingLastPathComponent()
      .appendingPathComponent("shared/data").standardizedFileURL.path
  }

  /// Why `../shared/data` cannot be used, or nil when it can.
  public static var sharedUnavailableReason: String? {
    if let hide = flag(hideVariable) { return "hidden by \(hideVariable)=\(hide)" }
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: sharedDirectory, isDirectory: &isDirectory)
      || !isDirectory.boolValue
    {
      return "not found at \(sharedDirectory)"
    }
    return nil
  }

  /// The bundled copy of `relative` (a path in the `../shared/data` layout), if the
  /// repository ships that file (or, for a glob, its folder).
  public static func bundledPath(_ relative: String) -> String? {
    let parts = relative.split(separator: "/", maxSplits: 1).map(String.init)
    guard parts.count == 2, let folder = bundledFolders[parts[0]] else { return nil }
    let path = bundledDirectory + "/" + folder + "/" + parts[1]
    return exists(path) ? path : nil
  }

  /// True when `path` exists; for a path whose last component is a glob, when its folder
  /// exists and holds at least one file.
  static func exists(_ path: String) -> Bool {
    let name = (path as NSString).lastPathComponent
    if name.contains("*") || name.contains("?") {
      let folder = (path as NSString).deletingLastPathComponent
      let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      return !files.isEmpty
    }
    return FileManager.default.fileExists(atPath: path)
  }
}

/// A dataset the repository does not ship: the tests that read it are skipped on a lone clone.
public struct SharedDataGroup: Sendable {
  /// The group's name in skip lines.
  public var name: String
  /// Folders of `../shared/data` it covers.
  public var folders: [String]
  /// Which tests need it.
  public var tests: String
  /// Why it is not bundled.
  public var notBundled: String

  public static let movieLens = SharedDataGroup(
    name: "MovieLens 100K", folders: ["movielens-100k"],
    tests: "recommender and behaviour-model tests, MovieLens loader checks",
    notBundled: "GroupLens licence forbids redistribution")
  public static let ausRetail = SharedDataGroup(
    name: "Australian retail", folders: ["aus-retail-monthly"],
    tests: "chart snapshot, layout and statistics tests on series V10-V12, loader check, forecaster table-end and coarser-step notes",
    notBundled: "no data licence stated, internal testing only")
  public static let diginetica = SharedDataGroup(
    name: "Diginetica", folders: ["diginetica-sample", "diginetica-purchases"],
    tests: "funnel, bounce, conversion, path and breakdown tests, Tests/Scripts/shared-data, loader checks, forecaster table-end note",
    notBundled: "research use only, not to be redistributed")
  public static let ctrSamples = SharedDataGroup(
    name: "Avazu/Criteo CTR samples", folders: ["ctr-samples-deepctr"],
    tests: "CTR KPI tests, Tests/Scripts/shared-data, loader checks",
    notBundled: "Kaggle competition terms, non-commercial")
  public static let m5 = SharedDataGroup(
    name: "M5 sales", folders: ["m5_sales_exog_small"], tests: "M5 loader check, weekly table-end check",
    notBundled: "Kaggle competition terms, not to be shipped")
  public static let olist = SharedDataGroup(
    name: "Olist", folders: ["olist-brazilian-ecommerce"],
    tests: "CSV loader checks on products, sellers, the BOM-prefixed category translation and the"
      + " gzip payments; a Latin-1 line among UTF-8 sellers; 'kpi orders' on payments with 'roles event none'",
    notBundled: "CC BY-NC-SA (non-commercial) and 4.9 MB")

  public static let all: [SharedDataGroup] = [movieLens, ausRetail, diginetica, ctrSamples, m5, olist]

  /// The group of a path in the `../shared/data` layout.
  public static func of(_ relative: String) -> SharedDataGroup {
    let folder = String(relative.split(separator: "/").first ?? "")
    return all.first { $0.folders.contains(folder) }
      ?? SharedDataGroup(
        name: folder, folders: [folder], tests: "tests reading \(folder)", notBundled: "no copy in data/")
  }

  /// The line printed the first time a test of this group is skipped.
  public func skipLine(_ reason: String) -> String {
    let needs = folders.count == 1 ? folders[0] : "{" + folders.joined(separator: ",") + "}"
    return "skipped: \(name) group (\(tests)): needs ../shared/data/\(needs), \(reason);"
      + " not bundled: \(notBundled)"
  }

  /// Skips the calling test when `../shared/data` is unavailable; fails it (by throwing)
  /// when `../shared/data` is there but this group's folders are not.
  public func require(file: StaticString = #filePath, line: UInt = #line) throws {
    if let reason = TestData.sharedUnavailableReason {
      if let required = TestData.flag(TestData.requireVariable) {
        throw MissingTestData(
          path: "../shared/data (\(name) group), \(reason), and \(TestData.requireVariable)=\(required)")
      }
      SharedDataGroup.announce(self, reason)
      throw XCTSkip("needs ../shared/data (\(name) group); \(reason)", file: file, line: line)
    }
    for folder in folders where !TestData.exists(TestData.sharedDirectory + "/" + folder) {
      throw MissingTestData(path: TestData.sharedDirectory + "/" + folder)
    }
  }

  private static let announced = Mutex<Set<String>>([])

  /// Prints the group's skip line once per test process.
  static func announce(_ group: SharedDataGroup, _ reason: String) {
    let first = announced.withLock { $0.insert(group.name).inserted }
    guard first else { return }
    print(group.skipLine(reason))
    fflush(nil)  // all streams: keeps the line in order with XCTest's output
  }
}

/// A data file that should be there and is not: the test fails with its path.
public struct MissingTestData: Error, CustomStringConvertible {
  public var path: String
  public init(path: String) { self.path = path }
  public var description: String { "missing test data: \(path)" }
}

/// The path of a dataset file given in the `../shared/data` layout: the repository's copy
/// under `data/` when it ships one, else the file in `../shared/data`. Throws `XCTSkip`
/// (after printing the group's skip line once) when `../shared/data` is unavailable, and
/// `MissingTestData` when it is there but the file is not.
public func testDataPath(
  _ relative: String, file: StaticString = #filePath, line: UInt = #line
) throws -> String {
  if let bundled = TestData.bundledPath(relative) { return bundled }
  try SharedDataGroup.of(relative).require(file: file, line: line)
  let path = TestData.sharedDirectory + "/" + relative
  guard TestData.exists(path) else { throw MissingTestData(path: path) }
  return path
}
