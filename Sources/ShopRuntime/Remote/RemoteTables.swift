import ShopFrames
import ShopSparkPlan
import Synchronization

/// A remote engine that runs ShopLab plans: the interpreter's side of Spark Connect.
///
/// The runtime owns this protocol and never imports a client: the executable, built with
/// the `Spark` package trait, registers the gRPC implementation (ShopSpark) under the name
/// "spark" with `RemoteBackends.register`. Without the trait nothing is registered and
/// `connect spark` says how to get it. Tests register fakes. Calls block the interpreter,
/// as a local command does, until the server answers.
public protocol RemoteTables: AnyObject, Sendable {
  /// Opens a session on `address` (`sc://host:port`); returns a line describing it.
  func connect(address: String, token: String?) throws -> String
  func disconnect()
  /// Runs `plan` and returns its rows; the plan already limits them (see `collect`).
  func collect(_ plan: SparkRelation) throws -> Frame
  /// The same, calling `progress` as the server reports how far it is. Ctrl-C
  /// (`Cancellation`) interrupts the remote operation and throws `CommandCancelled`.
  func collect(_ plan: SparkRelation, progress: (@Sendable (RemoteProgress) -> Void)?) throws -> Frame
  /// The server's own explanation of `plan` (its optimised and physical plans).
  func explain(_ plan: SparkRelation) throws -> String
}

extension RemoteTables {
  /// Engines that report no progress run the plan as `collect(_:)` does.
  public func collect(_ plan: SparkRelation, progress: (@Sendable (RemoteProgress) -> Void)?) throws -> Frame {
    try collect(plan)
  }
}

/// How far a remote run is: its stages and tasks so far, as the server reports them
/// (Spark adds stages as it goes, so the total can grow).
public struct RemoteProgress: Sendable, Equatable {
  public var stages: Int
  public var doneStages: Int
  public var tasks: Int64
  public var completedTasks: Int64

  public init(stages: Int, doneStages: Int, tasks: Int64, completedTasks: Int64) {
    self.stages = stages
    self.doneStages = doneStages
    self.tasks = tasks
    self.completedTasks = completedTasks
  }
}

/// The remote engines this build knows, by the word that names them in `connect`.
public enum RemoteBackends {
  private static let makers = Mutex<[String: @Sendable () -> any RemoteTables]>([:])

  public static func register(_ name: String, _ make: @escaping @Sendable () -> any RemoteTables) {
    makers.withLock { $0[name] = make }
  }

  static func make(_ name: String) -> (any RemoteTables)? {
    makers.withLock { $0[name] }?()
  }
}

/// The value of a remote table: a lazy Spark plan, plus the keys of a pending `group by`.
public struct RemoteTable: Sendable {
  public var plan: SparkRelation
  /// Set by `group by`, consumed by `agg` or `count`.
  public var grouping: [SparkExpression]?

  public init(plan: SparkRelation, grouping: [SparkExpression]? = nil) {
    self.plan = plan
    self.grouping = grouping
  }
}

/// The open connection of a session.
public struct RemoteConnection: Sendable {
  public var engine: String
  public var address: String
  public var tables: any RemoteTables
}
