#if Spark
import Dispatch
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import ShopArrow
import ShopCore
import ShopFrames
import ShopRuntime
import ShopSparkPlan
import Synchronization

/// ShopLab's Spark Connect client: the `RemoteTables` the executable registers as "spark"
/// when built with the `Spark` trait.
///
/// The messages are ShopSparkPlan's hand-encoded bytes; gRPC carries them as opaque
/// payloads (`RawBytes`), so no generated protobuf code is needed. The interpreter is
/// synchronous: each call runs the async gRPC call on a task and waits for it.
public final class SparkConnectTables: RemoteTables, @unchecked Sendable {
  private struct Open {
    var client: GRPCClient<HTTP2ClientTransport.Posix>
    var address: String
    var session: SparkConnectMessages.Session
    var metadata: Metadata
  }

  private let state = Mutex<Open?>(nil)
  /// How long connecting may take before the server counts as unreachable.
  private let connectTimeout: Duration

  public init(connectTimeout: Duration = .seconds(10)) {
    self.connectTimeout = connectTimeout
  }

  /// Registers this client as the "spark" engine of `connect`.
  public static func register() {
    RemoteBackends.register("spark") { SparkConnectTables() }
  }

  public func connect(address text: String, token: String?) throws -> String {
    let target = try SparkAddress(text)
    let address = SparkAddress.masked(text)
    // `token "…"` of the command, else the connection string's `;token=`.
    let bearer = token ?? target.token
    var tlsTarget = target
    tlsTarget.token = bearer
    let security: HTTP2ClientTransport.Posix.TransportSecurity
    if tlsTarget.usesTLS {
      // The system's trust roots, or the PEM file SHOPLAB_SPARK_CA names (a private CA).
      let ca = ProcessInfo.processInfo.environment["SHOPLAB_SPARK_CA"]
      security = .tls { config in
        if let ca { config.trustRoots = .certificates([.file(path: ca, format: .pem)]) }
      }
    } else {
      security = .plaintext
    }
    let transport: HTTP2ClientTransport.Posix
    do {
      transport = try HTTP2ClientTransport.Posix(target: .dns(host: target.host, port: target.port), transportSecurity: security)
    } catch {
      throw SparkConnectError.unreachable(address: address, detail: "\(error)")
    }
    let client = GRPCClient(transport: transport)
    Task.detached { try? await client.runConnections() }
    var metadata = Metadata()
    if let bearer { metadata.addString("Bearer \(bearer)", forKey: "authorization") }
    let user = target.userID ?? ProcessInfo.processInfo.environment["USER"] ?? "shoplab"
    var session = SparkConnectMessages.Session(id: target.sessionID ?? UUID().uuidString.lowercased(), user: user)
    // `user_agent` is the client type the server logs and shows, as in pyspark.
    if let agent = target.userAgent { session.clientType = agent }
    let open = Open(client: client, address: address, session: session, metadata: metadata)
    do {
      // ShopLab's clock has no zones: timestamps come back as UTC wall clock (docs/spark.md).
      let request = SparkConnectMessages.setConfig([("spark.sql.session.timeZone", "UTC")], session: session)
      _ = try unary(open, "Config", request, timeout: connectTimeout)
    } catch {
      client.beginGracefulShutdown()
      throw SparkConnectError(address: address, error)
    }
    state.withLock { $0 = open }
    return "connected to Spark at \(address)\(tlsTarget.usesTLS ? " (TLS)" : "")"
  }

  public func disconnect() {
    state.withLock { open in
      open?.client.beginGracefulShutdown()
      open = nil
    }
  }

  public func collect(_ plan: SparkRelation) throws -> Frame {
    try collect(plan, progress: nil)
  }

  /// Runs `plan` as one operation with an id of its own, so that Ctrl-C can interrupt it
  /// on the server (`Interrupt`), not only stop reading: the cluster stops working and the
  /// session stays open for the next command.
  public func collect(_ plan: SparkRelation, progress: (@Sendable (RemoteProgress) -> Void)?) throws -> Frame {
    let open = try current()
    let operationID = UUID().uuidString.lowercased()
    let request = SparkConnectMessages.executePlan(plan, session: open.session, operationID: operationID)
    do {
      let reader = try wait(onInterrupt: { self.interrupt(open, operationID: operationID) }) {
        try await open.client.serverStreaming(
          request: ClientRequest(message: request, metadata: open.metadata),
          descriptor: Self.method("ExecutePlan"), serializer: RawBytes(), deserializer: RawBytes(),
          options: Self.options(timeout: nil)
        ) { response in
          var reader = ArrowStreamReader()
          for try await message in response.messages {
            switch try SparkConnectMessages.decodeExecutePlanResponse(message) {
            case .arrowBatch(_, let data): try reader.read(data)
            case .progress(let p):
              progress?(
                RemoteProgress(
                  stages: p.stages.count, doneStages: p.stages.filter(\.done).count, tasks: p.tasks,
                  completedTasks: p.completedTasks))
            default: continue
            }
          }
          return reader
        }
      }
      guard reader.schema != nil else { return Frame.empty }
      return Frame(arrow: try reader.table())
    } catch let error as ArrowError {
      throw error
    } catch let error as CommandCancelled {
      throw error
    } catch {
      throw SparkConnectError(address: open.address, error)
    }
  }

  /// Asks the server to interrupt the operation (best effort, a few seconds at most: the
  /// local wait ends either way).
  private func interrupt(_ open: Open, operationID: String) {
    let request = SparkConnectMessages.interrupt(operationID: operationID, session: open.session)
    _ = try? unary(open, "Interrupt", request, timeout: .seconds(5))
  }

  public func explain(_ plan: SparkRelation) throws -> String {
    let open = try current()
    do {
      let reply = try unary(open, "AnalyzePlan", SparkConnectMessages.explain(plan, session: open.session), timeout: nil)
      return try SparkConnectMessages.decodeExplainResponse(reply)
    } catch {
      throw SparkConnectError(address: open.address, error)
    }
  }

  private func current() throws -> Open {
    guard let open = state.withLock({ $0 }) else { throw SparkConnectError.notConnected }
    return open
  }

  private func unary(_ open: Open, _ method: String, _ request: [UInt8], timeout: Duration?) throws -> [UInt8] {
    try wait {
      try await open.client.unary(
        request: ClientRequest(message: request, metadata: open.metadata), descriptor: Self.method(method),
        serializer: RawBytes(), deserializer: RawBytes(), options: Self.options(timeout: timeout)
      ) { try $0.message }
    }
  }

  private static func method(_ name: String) -> MethodDescriptor {
    MethodDescriptor(fullyQualifiedService: "spark.connect.SparkConnectService", method: name)
  }

  private static func options(timeout: Duration?) -> CallOptions {
    var options = CallOptions.defaults
    options.timeout = timeout
    // Spark's Arrow batches go up to 128 MiB; the client default is 4 MiB.
    options.maxResponseMessageBytes = 256 << 20
    return options
  }

  /// Runs async work from the synchronous interpreter and waits for its result. With
  /// `onInterrupt`, Ctrl-C (`Cancellation`, polled ten times a second) calls it, cancels the
  /// work and throws `CommandCancelled`.
  private func wait<T: Sendable>(
    onInterrupt: (() -> Void)? = nil, _ work: @escaping @Sendable () async throws -> T
  ) throws -> T {
    let done = DispatchSemaphore(value: 0)
    let result = Mutex<Result<T, any Error>?>(nil)
    let task = Task.detached {
      let r: Result<T, any Error>
      do { r = .success(try await work()) } catch { r = .failure(error) }
      result.withLock { $0 = r }
      done.signal()
    }
    guard let onInterrupt else {
      done.wait()
      return try result.withLock { $0! }.get()
    }
    while done.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
      guard Cancellation.shared.isRequested else { continue }
      onInterrupt()
      task.cancel()
      done.wait()
      throw CommandCancelled()
    }
    return try result.withLock { $0! }.get()
  }
}

/// The payload of a gRPC message as it is: ShopSparkPlan encodes and decodes the protobuf.
struct RawBytes: MessageSerializer, MessageDeserializer {
  typealias Message = [UInt8]
  func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
  func deserialize<Bytes: GRPCContiguousBytes>(_ bytes: Bytes) throws -> [UInt8] {
    bytes.withUnsafeBytes { Array($0) }
  }
}
#endif

#if Spark
extension SparkConnectError {
  /// A gRPC failure in words: no server is "unreachable"; anything else is the server's
  /// own message (its first line: Spark appends a JVM stack).
  init(address: String, _ error: any Error) {
    if let known = error as? SparkConnectError {
      self = known
    } else if let rpc = error as? RPCError {
      switch rpc.code {
      case .unavailable, .deadlineExceeded:
        self = .unreachable(address: address, detail: rpc.message)
      default:
        let line = rpc.message.split(separator: "\n").first.map(String.init) ?? rpc.message
        self = .server(address: address, message: String(line.prefix(600)))
      }
    } else {
      self = .server(address: address, message: "\(error)")
    }
  }
}
#endif
